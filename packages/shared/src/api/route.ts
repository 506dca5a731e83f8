import { z } from 'zod';
import { IdSchema } from './common.js';

/*
 * One declaration per HTTP route: method, path, who may call it, the zod
 * schemas of its parameters, query, body and answer, and its success status.
 * The server routes, validates, authorizes and documents from it; the web
 * app's client calls it and parses the answer with it. Each context declares
 * its routes beside its schemas; `API_ROUTES` (routes.ts) gathers them.
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';
export type SuccessStatus = 200 | 201 | 204;

/**
 * The domain's classroom permissions (`ClassroomPermission`), by name: this
 * package may not import the domain, so a server check keeps the two lists equal.
 */
export const ROUTE_PERMISSIONS = [
  'classroom.view',
  'classroom.manage-roster',
  'classroom.own',
  'groups.manage',
  'projects.manage',
  'projects.view',
  'projects.work',
  'projects.assess',
  'workspaces.observe',
  'activity.view-board',
  'activity.view-own',
  'journal.read',
  'tutoring.tutor',
  'tutoring.request-help',
  'inquiry.participate',
  'school.reports',
] as const;
export type RoutePermission = (typeof ROUTE_PERMISSIONS)[number];

/**
 * What a path parameter can name that belongs to exactly one classroom. The
 * server's features register how to find a project's or workspace's classroom.
 */
export const ROUTE_SCOPES = ['classroom', 'project', 'workspace'] as const;
export type RouteScope = (typeof ROUTE_SCOPES)[number];

/** The caller needs `permission` in the classroom that the path parameter `param` leads to. */
export interface PermissionRule {
  readonly permission: RoutePermission;
  readonly scope: RouteScope;
  readonly param: string;
}

/**
 * Any signed-in person reaches the service, which decides: who may call
 * depends on more than a role in one classroom (their own resource, a
 * relationship, several classrooms). `reason` says which.
 */
export interface ServiceDecides {
  readonly decidedBy: 'service';
  readonly reason: string;
}

export type RouteAuthorization = 'public' | PermissionRule | ServiceDecides;

/** The `:name` parameters of a path pattern, as a union of names. */
export type PathParams<P extends string> = P extends `${string}:${infer Param}/${infer Rest}`
  ? Param | PathParams<`/${Rest}`>
  : P extends `${string}:${infer Param}`
    ? Param
    : never;

/** Every path parameter is an id unless the route gives it its own schema. */
type ParamsShape<Path extends string, Own> = {
  [K in PathParams<Path>]: K extends keyof Own
    ? Own[K] extends z.ZodType
      ? Own[K]
      : typeof IdSchema
    : typeof IdSchema;
};

type Part = z.ZodType | undefined;

export interface ApiRoute<
  Params extends z.ZodObject = z.ZodObject,
  Query extends Part = Part,
  Body extends Part = Part,
  Response extends Part = Part,
> {
  readonly method: HttpMethod;
  /** Relative to `API_PREFIX`; `:name` marks a parameter. */
  readonly path: string;
  readonly summary: string;
  /** Derived from `authorize`: `public` routes answer without a session. */
  readonly access: 'public' | 'signed-in';
  readonly authorize: RouteAuthorization;
  readonly status: SuccessStatus;
  /** How the answer is written: JSON, or plain text for the Prometheus scraper. */
  readonly contentType: 'application/json' | 'text/plain';
  readonly params: Params;
  readonly query: Query;
  readonly body: Body;
  /** The 2xx answer; absent when there is none (204). */
  readonly response: Response;
}

/** Any declared route, whatever its schemas. */
export type AnyRoute = ApiRoute<z.ZodObject, Part, Part, Part>;

interface RouteSpec<
  Path extends string,
  Own extends Partial<Record<PathParams<Path>, z.ZodType>>,
  Query extends Part,
  Body extends Part,
  Response extends Part,
> {
  readonly method: HttpMethod;
  readonly path: Path;
  readonly summary: string;
  readonly authorize: RouteAuthorization;
  /** Only for path parameters that are not plain ids (a revision number). */
  readonly params?: Own;
  readonly query?: Query;
  readonly body?: Body;
  readonly response?: Response;
  /** 201 for POST, 200 otherwise, unless given. */
  readonly status?: SuccessStatus;
  /** JSON unless given. */
  readonly contentType?: 'text/plain';
}

export function defineRoute<
  const Path extends string,
  Query extends Part = undefined,
  Body extends Part = undefined,
  Response extends Part = undefined,
  Own extends Partial<Record<PathParams<Path>, z.ZodType>> = Record<never, z.ZodType>,
>(
  spec: RouteSpec<Path, Own, Query, Body, Response>,
): ApiRoute<z.ZodObject<ParamsShape<Path, Own>>, Query, Body, Response> {
  const names = [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string);
  const own: Partial<Record<string, z.ZodType>> = spec.params ?? {};
  const shape = Object.fromEntries(names.map((name) => [name, own[name] ?? IdSchema]));
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    access: spec.authorize === 'public' ? 'public' : 'signed-in',
    authorize: spec.authorize,
    status: spec.status ?? (spec.method === 'POST' ? 201 : 200),
    contentType: spec.contentType ?? 'application/json',
    params: z.strictObject(shape) as unknown as z.ZodObject<ParamsShape<Path, Own>>,
    query: spec.query as Query,
    body: spec.body as Body,
    response: spec.response as Response,
  };
}

// --- what each side sees of a route ---------------------------------------------

type Parsed<S extends Part> = S extends z.ZodType ? z.output<S> : undefined;

/** What the server's handler gets, validated with the route's schemas. */
export interface RouteValues<R extends AnyRoute> {
  readonly params: z.output<R['params']>;
  readonly query: Parsed<R['query']>;
  readonly body: Parsed<R['body']>;
}

/** What the server's handler answers with. */
export type RouteResult<R extends AnyRoute> = R['response'] extends z.ZodType
  ? z.input<R['response']>
  : void;

/** What a caller gets back, parsed. */
export type RouteResponse<R extends AnyRoute> = R['response'] extends z.ZodType
  ? z.output<R['response']>
  : void;

/** A part the caller may leave out when everything in it is optional. */
type InputPart<Key extends string, S extends Part> = S extends z.ZodType
  ? Record<never, never> extends z.input<S>
    ? { readonly [K in Key]?: z.input<S> }
    : { readonly [K in Key]: z.input<S> }
  : object;

/** The path parameters a caller fills in: none, or all of them. */
export type ParamsInput<R extends AnyRoute> = [keyof R['params']['shape']] extends [never]
  ? object
  : { readonly params: z.input<R['params']> };

/**
 * What a caller sends: `params` when the path has any, `query` and `body`
 * when the route takes them (optional when every field in them is).
 */
export type RouteInput<R extends AnyRoute> = ParamsInput<R> &
  InputPart<'query', R['query']> &
  InputPart<'body', R['body']>;
