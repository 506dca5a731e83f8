import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import type { ClassroomPermission } from '@commonplace/domain';
import type { RoutePermission } from '@commonplace/shared';
import { routeOf } from '../common/endpoint.js';
import { parseOrThrow } from '../common/parse-or-throw.js';
import type { ActorRequest } from '../common/actor.js';
import { bearerToken } from '../common/actor.js';
import { TokenService } from '../identity/token.service.js';
import { ClassroomAccess } from './classroom-access.service.js';
import { ClassroomScopes } from './classroom-scopes.registry.js';

/** The shared contract names the domain's permissions; this stops compiling if they drift. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const PERMISSIONS_MATCH: Same<RoutePermission, ClassroomPermission> = true;
void PERMISSIONS_MATCH;

/**
 * The one gate of every HTTP route, reading the route's declaration in
 * API_ROUTES: public routes pass; every other one needs a valid session; a
 * route with a permission rule has its classroom found from the path, the
 * caller's roles there read once and checked against the domain's table.
 * Routes whose service decides (own resources, relationships) get the
 * signed-in actor only. Registered globally, so no route can forget it.
 */
@Injectable()
export class RouteGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly access: ClassroomAccess,
    private readonly scopes: ClassroomScopes,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Socket gateways authenticate at the handshake and check every room at join.
    if (context.getType() !== 'http') return true;
    const route = routeOf(context.getHandler());
    if (!route) {
      throw new Error(
        `${context.getClass().name}.${context.getHandler().name} serves HTTP without @Endpoint: declare its route in API_ROUTES`,
      );
    }
    const rule = route.authorize;
    if (rule === 'public') return true;
    const request = context.switchToHttp().getRequest<ActorRequest>();
    const principal = await this.tokens.verify(bearerToken(request.headers.authorization));
    if ('decidedBy' in rule) {
      request.actor = principal;
      return true;
    }
    const params: Record<string, unknown> = parseOrThrow(route.params, request.params);
    const scope = this.scopes.get(rule.scope);
    const classroomId = await scope.classroomOf(String(params[rule.param]));
    const roles = await this.access.rolesOf(classroomId, principal.userId);
    if (roles.length === 0) throw scope.hidden();
    this.access.check(roles, rule.permission);
    request.actor = { ...principal, classroom: { id: classroomId, roles } };
    return true;
  }
}
