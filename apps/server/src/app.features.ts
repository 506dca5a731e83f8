import { rosterProjection } from './roster/roster.projection.js';
import { commentsProjection } from './comments/comments.projection.js';
import { guardianSummaryProjection } from './families/guardian-summary.projection.js';
import { IDENTITY_MIGRATIONS } from './identity/identity.service.js';
import { SESSION_MIGRATIONS } from './identity/session.store.js';
import { inquiryProjection } from './inquiry/inquiry.projection.js';
import { boardActivityProjection } from './activity/board-activity.projection.js';
import { notificationsProjection } from './notifications/notifications.projection.js';
import { projectsProjection } from './projects/projects.projection.js';
import type { StoreFeatures } from './store/open-store.js';
import { tutoringSubjectsProjection } from './tutoring/tutoring-subjects.projection.js';
import { tutoringProjection } from './tutoring/tutoring.projection.js';
import { activityProjection } from './activity/activity.projection.js';

/**
 * The composition root's list of what each feature registers with the store:
 * its projections, in the order they are started and rebuilt, and its own
 * tables. The store, the projection runner and the CLI take this list; none of
 * them imports a feature.
 */
export const FEATURES: StoreFeatures = {
  projections: [
    rosterProjection,
    activityProjection,
    projectsProjection,
    boardActivityProjection,
    tutoringProjection,
    tutoringSubjectsProjection,
    inquiryProjection,
    notificationsProjection,
    commentsProjection,
    guardianSummaryProjection,
  ],
  migrations: [...IDENTITY_MIGRATIONS, ...SESSION_MIGRATIONS],
};
