import type { AnyRoute, ApiRouteName, RouteInput, RouteResponse } from '@commonplace/shared';
import { API_ROUTES, apiPath, ErrorBodySchema } from '@commonplace/shared';
import { ApiError } from './api-error';
import { i18n } from '../i18n/i18n';

export interface ApiClientOptions {
  getToken: () => string | null;
  /** Called when a signed-in request is refused as unauthenticated (expired or revoked token). */
  onUnauthorized: () => void;
}

export interface CallOptions {
  /** A session other than the current one (a new account's, before it is signed in). */
  token?: string;
}

/** One route's method on the client: its input as the route declares it, its answer parsed. */
type Call<R extends AnyRoute> =
  Record<never, never> extends RouteInput<R>
    ? (input?: RouteInput<R>, options?: CallOptions) => Promise<RouteResponse<R>>
    : (input: RouteInput<R>, options?: CallOptions) => Promise<RouteResponse<R>>;

/**
 * A method per route of API_ROUTES, named as in the table
 * (`api.assignProject({ params: { classroomId }, body })`), and `request` for any route.
 */
export type ApiClient = { readonly [Name in ApiRouteName]: Call<(typeof API_ROUTES)[Name]> } & {
  request<R extends AnyRoute>(
    route: R,
    input: RouteInput<R>,
    options?: CallOptions,
  ): Promise<RouteResponse<R>>;
};

/** A page of a list, asked for in full: pages stay small, the lists on these pages are short. */
export const WHOLE_LIST = { limit: 200 } as const;

interface SentInput {
  readonly params?: Record<string, unknown>;
  readonly query?: Record<string, unknown>;
  readonly body?: unknown;
}

/** `?a=1&b=2` of the query's given values, or nothing. */
function queryString(query: Record<string, unknown> | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function createApiClient({ getToken, onUnauthorized }: ApiClientOptions): ApiClient {
  async function send(
    route: AnyRoute,
    input: SentInput = {},
    options: CallOptions = {},
  ): Promise<unknown> {
    const token = options.token ?? getToken();
    // Commands that need no body still send `{}`: the server refuses a missing one.
    const body = route.body ? (input.body ?? {}) : undefined;
    const headers: Record<string, string> = { Accept: route.contentType };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers['Authorization'] = `Bearer ${token}`;

    let response: Response;
    try {
      response = await fetch(apiPath(route, input.params ?? {}) + queryString(input.query), {
        method: route.method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network', i18n.t('errors.network', { ns: 'common' }));
    }

    const payload: unknown =
      route.contentType === 'text/plain'
        ? await response.text().catch(() => undefined)
        : await response.json().catch(() => undefined);

    if (!response.ok) {
      // A 401 on sign-in means wrong credentials; anywhere else it means the session is gone.
      if (response.status === 401 && token) onUnauthorized();
      const error = ErrorBodySchema.safeParse(payload);
      if (error.success) throw new ApiError(response.status, error.data.code, error.data.message);
      throw new ApiError(response.status, 'http', fallbackMessage(response.status));
    }

    if (!route.response) return undefined;
    const parsed = route.response.safeParse(payload);
    if (!parsed.success) {
      throw new ApiError(
        response.status,
        'bad-response',
        i18n.t('errors.badResponse', { ns: 'common' }),
      );
    }
    return parsed.data;
  }

  /** Calls a route with the input its declaration types, answering with its parsed response. */
  function request<R extends AnyRoute>(
    route: R,
    input: RouteInput<R>,
    options?: CallOptions,
  ): Promise<RouteResponse<R>> {
    return send(route, input as SentInput, options) as Promise<RouteResponse<R>>;
  }

  const methods = Object.fromEntries(
    Object.entries(API_ROUTES).map(([name, route]: [string, AnyRoute]) => [
      name,
      (input?: SentInput, options?: CallOptions) => send(route, input, options),
    ]),
  );
  // The methods' types come from their routes (ApiClient), which `send` serves alike.
  return { ...methods, request } as unknown as ApiClient;
}

/** The browser's IANA time zone, so the server's days start at the reader's midnight. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The client's own words when the server gave no readable message (a proxy's 502, say). */
function fallbackMessage(status: number): string {
  const t = (key: string) => i18n.t(`errors.${key}`, { ns: 'common' });
  if (status === 401) return t('status401');
  if (status === 403) return t('status403');
  if (status === 404) return t('status404');
  if (status === 429) return t('status429');
  if (status >= 500) return t('status5xx');
  return t('statusOther');
}
