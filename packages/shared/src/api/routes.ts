import type { z } from 'zod';
import { ACTIVITY_ROUTES } from './activity.js';
import { IDENTITY_ROUTES } from './auth.js';
import { BOARD_ROUTES } from './board.js';
import { CLASSROOM_ROUTES } from './classrooms.js';
import { COMMENT_ROUTES } from './comments.js';
import { FAMILY_ROUTES, GUARDIAN_SUMMARY_ROUTES } from './families.js';
import { GUARDIAN_ROUTES } from './guardians.js';
import { OPERATIONS_ROUTES } from './health.js';
import { INQUIRY_SPACE_ROUTES, MENTOR_ROUTES } from './inquiry.js';
import { LEARNER_ROUTES } from './learners.js';
import { NOTIFICATION_ROUTES } from './notifications.js';
import { PROJECT_ROUTES } from './projects.js';
import type { AnyRoute } from './route.js';
import { SCHOOL_ROUTES } from './schools.js';
import { TUTORING_ROUTES } from './tutoring.js';
import { WORKSPACE_ROUTES } from './workspaces.js';

/**
 * Every HTTP route of the API, in one table: the server registers, validates,
 * authorizes and documents exactly these, the web app's client is made from
 * them, and the tests (the OpenAPI check and the authorization matrix) compare
 * it with what Nest serves. Each context declares its own beside its schemas.
 * Paths are relative to `API_PREFIX`; build concrete URLs with `apiPath`.
 */
export const API_PREFIX = '/api';

export const API_ROUTES = {
  ...IDENTITY_ROUTES,
  ...CLASSROOM_ROUTES,
  ...SCHOOL_ROUTES,
  ...PROJECT_ROUTES,
  ...WORKSPACE_ROUTES,
  ...COMMENT_ROUTES,
  ...ACTIVITY_ROUTES,
  ...LEARNER_ROUTES,
  ...GUARDIAN_ROUTES,
  // Peer tutoring, families and cross-classroom inquiry (issue 6).
  ...TUTORING_ROUTES,
  ...FAMILY_ROUTES,
  ...INQUIRY_SPACE_ROUTES,
  ...MENTOR_ROUTES,
  ...BOARD_ROUTES,
  // In-app notifications (issue 18).
  ...NOTIFICATION_ROUTES,
  ...GUARDIAN_SUMMARY_ROUTES,
  ...OPERATIONS_ROUTES,
} satisfies Record<string, AnyRoute>;

export type ApiRouteName = keyof typeof API_ROUTES;

type ParamsArg<R extends AnyRoute> = [keyof R['params']['shape']] extends [never]
  ? []
  : [params: z.input<R['params']>];

/**
 * The URL of a route, prefix included, every parameter encoded:
 * `apiPath(API_ROUTES.classroom, { classroomId })` → `/api/classrooms/c-1`.
 */
export function apiPath<R extends AnyRoute>(route: R, ...args: ParamsArg<R>): string {
  const params = (args[0] ?? {}) as Record<string, unknown>;
  const filled = route.path.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined)
      throw new Error(`apiPath: missing parameter ${name} for ${route.path}`);
    return encodeURIComponent(String(value));
  });
  return `${API_PREFIX}${filled}`;
}
