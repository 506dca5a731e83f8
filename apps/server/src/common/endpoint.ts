import type { ExecutionContext } from '@nestjs/common';
import {
  Delete,
  Get,
  HttpCode,
  Patch,
  Post,
  SetMetadata,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import type { AnyRoute, HttpMethod, RouteResult, RouteValues } from '@commonplace/shared';
import type { Request } from 'express';
import { parseOrThrow } from './parse-or-throw.js';

const ROUTE_KEY = 'commonplace:route';

const VERBS: Record<HttpMethod, (path: string) => MethodDecorator> = {
  GET: Get,
  POST: Post,
  PATCH: Patch,
  DELETE: Delete,
};

/**
 * A handler of `R`: its validated input first, then whatever else it asks
 * Nest for (the actor, the request), answering with the route's response.
 */
export type RouteHandler<R extends AnyRoute> = (
  input: RouteValues<R>,
  ...context: never[]
) => Promise<RouteResult<R>>;

/**
 * Serves a route of API_ROUTES: its method, path and success status, and the
 * route itself as metadata for the guard (who may call) and `@Input()` (what
 * they sent). The handler's type must match the route's schemas.
 */
export function Endpoint<R extends AnyRoute>(route: R) {
  const decorate = applyDecorators(
    VERBS[route.method](route.path),
    HttpCode(route.status),
    SetMetadata(ROUTE_KEY, route),
  );
  return (
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<RouteHandler<R>>,
  ): void => {
    decorate(target, key, descriptor);
  };
}

/** The route an `@Endpoint` handler serves, if it is one. */
export function routeOf(handler: object): AnyRoute | undefined {
  return Reflect.getMetadata(ROUTE_KEY, handler) as AnyRoute | undefined;
}

/**
 * The handler's `{ params, query, body }`, each validated with its route's
 * schema; anything invalid is a 400 `request.invalid` listing every problem.
 */
export const Input = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RouteValues<AnyRoute> => {
    const route = routeOf(context.getHandler());
    if (!route) throw new Error('@Input() used on a handler without @Endpoint');
    const request = context.switchToHttp().getRequest<Request>();
    return {
      params: parseOrThrow(route.params, request.params),
      query: route.query ? parseOrThrow(route.query, request.query) : undefined,
      body: route.body ? parseOrThrow(route.body, request.body) : undefined,
    };
  },
);
