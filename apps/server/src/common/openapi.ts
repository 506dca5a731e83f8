import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { SwaggerModule } from '@nestjs/swagger';
import type { AnyRoute, ApiRouteName } from '@commonplace/shared';
import { API_PREFIX, API_ROUTES, ErrorBodySchema } from '@commonplace/shared';
import { z } from 'zod';

/** Where the document and its UI are served, under the API prefix. */
export const OPENAPI_PATH = 'api/docs';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

const ErrorResponse = {
  description: 'Refused: `{ code, message }`, the code stable, the message for a person.',
  content: { 'application/json': { schema: jsonSchema(ErrorBodySchema, 'output') } },
};

/** The properties of an object schema, one parameter each. */
function parameters(schema: z.ZodType, where: 'path' | 'query'): Record<string, unknown>[] {
  const object = jsonSchema(schema, 'input');
  const required = new Set((object['required'] ?? []) as string[]);
  return Object.entries((object['properties'] ?? {}) as Record<string, JsonSchema>).map(
    ([name, property]) => ({
      name,
      in: where,
      required: where === 'path' || required.has(name),
      schema: property,
    }),
  );
}

/** Who may call, in words, from the route's declaration. */
function authorization(route: AnyRoute): string {
  const rule = route.authorize;
  if (rule === 'public') return 'Public: no session needed.';
  if ('decidedBy' in rule) return `Signed in; the service decides: ${rule.reason}`;
  return `Needs \`${rule.permission}\` in the classroom of the ${rule.scope} \`${rule.param}\`.`;
}

function operation(name: ApiRouteName, route: AnyRoute): Record<string, unknown> {
  return {
    operationId: name,
    summary: route.summary,
    description: authorization(route),
    tags: [route.path.split('/')[1] ?? 'api'],
    ...(route.access === 'public' ? { security: [] } : {}),
    parameters: [
      ...parameters(route.params, 'path'),
      ...(route.query ? parameters(route.query, 'query') : []),
    ],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [route.status]: route.response
        ? {
            description: 'OK',
            content: { [route.contentType]: { schema: jsonSchema(route.response, 'output') } },
          }
        : { description: 'Done, nothing to return.' },
      default: ErrorResponse,
    },
  };
}

/** The OpenAPI 3.1 document of every route in API_ROUTES, from their declarations alone. */
export function openApiDocument(): OpenAPIObject {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, route] of Object.entries(API_ROUTES) as [ApiRouteName, AnyRoute][]) {
    const path = API_PREFIX + route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(name, route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Commonplace API',
      version: '1',
      description:
        'Every body and parameter is validated with the shared zod schemas these are generated from. Sign in with `POST /api/auth/sign-in` and send `Authorization: Bearer <token>`. Lists page with `limit` and the previous page’s `nextCursor`.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  } as unknown as OpenAPIObject;
}

let generated: OpenAPIObject | undefined;

/**
 * Serves the document at /api/docs-json and the UI at /api/docs. The routes
 * never change while the process runs, so the document is generated once
 * (turning every zod schema into JSON Schema took about 150 ms of CPU per app
 * start, and tests start hundreds) and each app gets its own copy.
 */
export function serveOpenApi(app: INestApplication): void {
  generated ??= openApiDocument();
  SwaggerModule.setup(OPENAPI_PATH, app, structuredClone(generated), {
    jsonDocumentUrl: `${OPENAPI_PATH}-json`,
  });
}
