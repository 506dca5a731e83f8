import { Injectable } from '@nestjs/common';
import type { RouteScope } from '@commonplace/shared';
import { AppError } from '../common/app-error.js';

/** How a route's path parameter leads to the one classroom its permission is checked in. */
export interface ClassroomScope {
  /** The classroom the id belongs to; throws the scope's own not-found when there is none. */
  classroomOf(id: string): Promise<string>;
  /** What someone with no role in that classroom is told, so ids reveal nothing to strangers. */
  hidden(): AppError;
}

/**
 * The scopes routes may name (`RouteScope`). Classrooms are known here;
 * features register their own (a project, a workspace) at start-up, so this
 * lower layer never imports them.
 */
@Injectable()
export class ClassroomScopes {
  private readonly scopes = new Map<RouteScope, ClassroomScope>([
    [
      'classroom',
      {
        classroomOf: (id) => Promise.resolve(id),
        hidden: () =>
          new AppError('classroom.not-found', 'This classroom does not exist or is not yours.'),
      },
    ],
  ]);

  register(scope: RouteScope, resolver: ClassroomScope): void {
    this.scopes.set(scope, resolver);
  }

  get(scope: RouteScope): ClassroomScope {
    const resolver = this.scopes.get(scope);
    if (!resolver) throw new Error(`No feature registered the route scope "${scope}"`);
    return resolver;
  }
}
