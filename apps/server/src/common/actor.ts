import type { ExecutionContext } from '@nestjs/common';
import { createParamDecorator } from '@nestjs/common';
import type { ClassroomRole } from '@commonplace/domain';
import type { Request } from 'express';
import type { Principal } from './principal.js';

/** Who is calling; on routes with a permission, also the classroom it was checked in. */
export interface Actor extends Principal {
  readonly classroom?: { readonly id: string; readonly roles: readonly ClassroomRole[] };
}

/** A request once the route guard has let it through. */
export type ActorRequest = Request & { actor?: Actor };

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** The caller, as the route guard found them. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => {
    const actor = context.switchToHttp().getRequest<ActorRequest>().actor;
    if (!actor) throw new Error('CurrentActor used on a public route');
    return actor;
  },
);
