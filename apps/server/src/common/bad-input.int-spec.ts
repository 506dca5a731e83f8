import { randomUUID } from 'node:crypto';
import { expect, it } from '@jest/globals';
import type {
  AnyRoute,
  GroupView,
  HelpRequestView,
  InquirySpaceView,
  ProjectDetail,
  SocketAck,
} from '@commonplace/shared';
import {
  API_PREFIX,
  API_ROUTES,
  INQUIRY_SOCKET_EVENTS,
  SOCKET_EVENTS,
  TUTORING_SOCKET_EVENTS,
  apiPath,
} from '@commonplace/shared';
import { CLASSROOM_PERMISSIONS } from '@commonplace/domain';
import { z } from 'zod';
import type { LoopPerson } from '../projects/classroom-loop.testing.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';

/*
 * Every route of API_ROUTES, fed bad input generated from its own schemas: a
 * NUL, bidi overrides, zero-width-only and full-width look-alike text in each
 * path parameter, query field and body field; wrong JSON types; malformed
 * JSON; 1 MB and 10 MB bodies; unknown, overlong and path-traversing ids.
 * The set is fixed (no randomness but fresh ids), so a failure repeats. Each
 * answer must be below 500 and, when it is an error, a JSON body with a code.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  enum?: Json[];
  const?: Json;
  format?: string;
  minLength?: number;
  minimum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

interface BadInput {
  readonly label: string;
  readonly path: string;
  /** Sent as written: already a string, so malformed JSON and huge bodies go as they are. */
  readonly body?: string;
  /** Only the teacher sends it (the big bodies: twice would only cost time). */
  readonly once?: boolean;
}

const NUL = '\u0000';
const BIDI = '\u202Eevil\u202C';
const ZERO_WIDTH = '\u200B\u200B\u200B';
const FULL_WIDTH = 'Ａｎａ ０７７００ ９００１２３ ｍａｉｌ＠ｅｘａｍｐｌｅ．ｃｏｍ';
const ONE_MB = 'x'.repeat(1024 * 1024);
const TEN_MB = 'y'.repeat(10 * 1024 * 1024);

/** Strings put in each text field: the kinds of issue 15's probe. */
const BAD_TEXT: ReadonlyArray<[string, string]> = [
  ['NUL', `a${NUL}b`],
  ['bidi override', BIDI],
  ['zero-width only', ZERO_WIDTH],
  ['full-width look-alikes', FULL_WIDTH],
  ['control characters', 'a\u001B[2J\nforged'],
  ['lone surrogate', 'a\uD800b'],
  ['10 000 characters', 'z'.repeat(10_000)],
];
/** Values of the wrong JSON type for a field (a string only where a string is not asked for). */
const WRONG_TYPES: ReadonlyArray<[string, Json]> = [
  ['number', -1.5],
  ['null', null],
  ['array', ['a']],
  ['object', { a: 1 }],
];
/** Path segments for ids, written as they go on the wire (already percent-encoded). */
const BAD_IDS: ReadonlyArray<[string, string]> = [
  ['%00', '%00'],
  ['NUL inside', 'a%00b'],
  ['NUL and forged log line', '%00%0A2026-12-07%20ERROR%20forged%1B[2J'],
  ['bidi override', encodeURIComponent(BIDI)],
  ['zero-width only', encodeURIComponent(ZERO_WIDTH)],
  ['full-width', encodeURIComponent('ｃｌａｓｓ')],
  ['unknown uuid', 'fresh-uuid'],
  ['not a uuid', 'not-an-id'],
  ['very long', 'L'.repeat(5_000)],
  ['path traversal', '..%2F..%2F..%2Fetc%2Fpasswd'],
  ['dot dot', '..'],
  ['broken percent-encoding', '%E0%A4%A'],
  ['invalid UTF-8', '%FF%FE'],
];

function jsonSchemaOf(schema: z.ZodType | undefined): JsonSchema | undefined {
  if (schema === undefined) return undefined;
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

function typeOf(schema: JsonSchema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return type ?? (schema.anyOf?.[0] ? typeOf(schema.anyOf[0]) : undefined);
}

/** A value the schema would likely accept, ids taken from the fixture by field name. */
function sample(schema: JsonSchema, key: string, ids: Record<string, string>): Json {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0] ?? null;
  const option = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (option !== undefined && schema.type === undefined) return sample(option, key, ids);
  switch (typeOf(schema)) {
    case 'object': {
      const out: Record<string, Json> = {};
      for (const name of schema.required ?? [])
        out[name] = sample(schema.properties?.[name] ?? {}, name, ids);
      return out;
    }
    case 'array': {
      const item = key.endsWith('s') ? key.slice(0, -1) : key;
      return Array.from({ length: schema.minItems ?? 0 }, () =>
        sample(schema.items ?? {}, item, ids),
      );
    }
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
      if (schema.format === 'date') return '2026-01-05';
      if (schema.format === 'email') return 'someone@example.com';
      if (ids[key] !== undefined) return ids[key];
      return 'Fuzz'.padEnd(schema.minLength ?? 0, 'z');
    default:
      return 'Fuzz';
  }
}

function pathOf(route: AnyRoute, values: Record<string, string>): string {
  return (
    API_PREFIX +
    route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) =>
      (values[name] ?? 'fresh-uuid') === 'fresh-uuid' ? randomUUID() : (values[name] ?? ''),
    )
  );
}

/** The bad inputs of one route, from its params, query and body schemas. */
function badInputs(route: AnyRoute, ids: Record<string, string>): BadInput[] {
  const paramNames = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string);
  const goodParams = Object.fromEntries(
    paramNames.map((name) => [name, encodeURIComponent(ids[name] ?? 'fresh-uuid')]),
  );
  const path = pathOf(route, goodParams);
  const bodySchema = jsonSchemaOf(route.body);
  const goodBody = bodySchema ? (sample(bodySchema, 'body', ids) as Record<string, Json>) : {};
  const bodyText = route.body ? JSON.stringify(goodBody) : undefined;
  const inputs: BadInput[] = [];

  for (const name of paramNames) {
    for (const [label, bad] of BAD_IDS) {
      inputs.push({
        label: `:${name} ${label}`,
        path: pathOf(route, { ...goodParams, [name]: bad }),
        body: bodyText,
      });
    }
  }

  const querySchema = jsonSchemaOf(route.query);
  const queryFields = Object.keys(querySchema?.properties ?? {});
  // Query values arrive as text: a lone surrogate cannot be percent-encoded (see BAD_IDS for invalid UTF-8).
  const badQueryText: Array<[string, string]> = [
    ...BAD_TEXT.filter(([label]) => label !== 'lone surrogate'),
    ['not a number', 'abc'],
    ['-1', '-1'],
    ['huge number', '1e999'],
  ];
  for (const field of [...queryFields, 'unknownField']) {
    const values =
      field === 'unknownField' ? badQueryText.filter(([label]) => label === 'NUL') : badQueryText;
    for (const [label, bad] of values) {
      inputs.push({
        label: `?${field} ${label}`,
        path: `${path}?${field}=${encodeURIComponent(bad)}`,
        body: bodyText,
      });
    }
    inputs.push({
      label: `?${field} twice`,
      path: `${path}?${field}=1&${field}=2`,
      body: bodyText,
    });
    inputs.push({ label: `?${field} as object`, path: `${path}?${field}[a]=1`, body: bodyText });
  }
  inputs.push({ label: '?__proto__', path: `${path}?__proto__[polluted]=1`, body: bodyText });

  if (route.method !== 'GET') {
    const whole: Array<[string, string]> = [
      ['malformed JSON', '{"a":'],
      ['JSON null', 'null'],
      ['JSON array', '[]'],
      ['JSON number', '42'],
      ['JSON string', '"text"'],
      ['empty object', '{}'],
      ['deeply nested', '['.repeat(5_000) + ']'.repeat(5_000)],
      ['NUL in a key', JSON.stringify({ ...goodBody, [`k${NUL}`]: 1 })],
      ['__proto__ key', `{"__proto__":{"polluted":1},${JSON.stringify(goodBody).slice(1)}`],
    ];
    for (const [label, body] of whole) inputs.push({ label: `body ${label}`, path, body });
    inputs.push({
      label: 'body 1 MB',
      path,
      body: JSON.stringify({ ...goodBody, padding: ONE_MB }),
      once: true,
    });
    inputs.push({
      label: 'body 10 MB',
      path,
      body: JSON.stringify({ ...goodBody, padding: TEN_MB }),
      once: true,
    });
    for (const [field, schema] of Object.entries(bodySchema?.properties ?? {})) {
      const values: Array<[string, Json]> = [...WRONG_TYPES];
      if (typeOf(schema) === 'string' || typeOf(schema) === undefined) values.push(...BAD_TEXT);
      else values.push(['string', 'not-what-was-asked']);
      if (typeOf(schema) === 'array') {
        values.push(['array of NUL text', [`a${NUL}`]], ['array of objects', [{ a: 1 }]]);
      }
      if (typeOf(schema) === 'object') {
        for (const [inner, innerSchema] of Object.entries(schema.properties ?? {})) {
          const base = sample(schema, field, ids) as Record<string, Json>;
          for (const [label, bad] of [...BAD_TEXT.slice(0, 4), ...WRONG_TYPES])
            if (typeOf(innerSchema) === 'string' || typeof bad !== 'string')
              values.push([`.${inner} ${label}`, { ...base, [inner]: bad }]);
        }
      }
      for (const [label, bad] of values) {
        inputs.push({
          label: `body.${field} ${label}`,
          path,
          body: JSON.stringify({ ...goodBody, [field]: bad }),
        });
      }
    }
    inputs.push({
      label: 'body 1 MB text field',
      path,
      body: JSON.stringify(
        Object.fromEntries(
          Object.entries({ ...goodBody }).map(([key, value]) => [
            key,
            typeof value === 'string' ? ONE_MB : value,
          ]),
        ),
      ),
      once: true,
    });
  }
  return inputs;
}

interface Answer {
  status: number;
  text: string;
  contentType: string | null;
}

async function send(
  url: string,
  method: string,
  path: string,
  token: string | undefined,
  body: string | undefined,
): Promise<Answer> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body,
  });
  return {
    status: response.status,
    text: await response.text(),
    contentType: response.headers.get('content-type'),
  };
}

/** What is wrong with an answer, or null: a 5xx, or an error without a JSON body and a code. */
function fault(answer: Answer): string | null {
  if (answer.status >= 500) return `${answer.status} ${answer.text.slice(0, 200)}`;
  if (answer.status < 400) return null;
  try {
    const parsed = JSON.parse(answer.text) as { code?: unknown };
    if (typeof parsed.code === 'string' && answer.contentType?.includes('json')) return null;
  } catch {
    // reported below
  }
  return `${answer.status} without a JSON error code: ${answer.text.slice(0, 200)}`;
}

/** The socket.io events a client sends, and bad payloads for them. */
const SOCKET_IN = [
  SOCKET_EVENTS.boardWatch,
  SOCKET_EVENTS.workspaceWatch,
  SOCKET_EVENTS.studentWatch,
  SOCKET_EVENTS.unwatch,
  TUTORING_SOCKET_EVENTS.queueWatch,
  TUTORING_SOCKET_EVENTS.sessionWatch,
  INQUIRY_SOCKET_EVENTS.spaceWatch,
];
const SOCKET_PAYLOADS: ReadonlyArray<[string, unknown]> = [
  ['nothing', undefined],
  ['null', null],
  ['number', 42],
  ['string', 'text'],
  ['array', [1, 2]],
  ['empty object', {}],
  ...(['classroomId', 'docId', 'studentId', 'sessionId', 'spaceId'] as const).flatMap(
    (key): Array<[string, unknown]> => [
      [`${key} NUL`, { [key]: `a${NUL}b`, kind: 'board', classroomId: `a${NUL}` }],
      [`${key} bidi`, { [key]: BIDI, kind: 'workspace' }],
      [`${key} zero-width`, { [key]: ZERO_WIDTH, kind: 'student' }],
      [`${key} very long`, { [key]: 'L'.repeat(100_000) }],
      [`${key} object`, { [key]: { $ne: null } }],
      [`${key} unknown`, { [key]: randomUUID(), kind: 'board' }],
    ],
  ),
  ['unknown kind', { kind: 'everything', classroomId: 'x' }],
  ['lone surrogate', { classroomId: 'a\uD800', docId: '\uDC00' }],
];

await describeOnEveryStore('bad input on every route and socket event', (openStore) => {
  const { start, person, joinedClassroom } = loopHarness(openStore);

  it('answers every bad input below 500, with a JSON error code', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'teacher', 'teacher');
    const student = await person(app, url, 'student', 'student');
    const classroom = await joinedClassroom(teacher, [student]);
    const classroomId = classroom.id;
    const group = await teacher.call<GroupView>(
      'POST',
      apiPath(API_ROUTES.createGroup, { classroomId }),
      { name: 'Otters' },
    );
    await teacher.call(
      'POST',
      apiPath(API_ROUTES.addGroupMember, { classroomId, groupId: group.body.id }),
      { studentId: student.id },
    );
    const project = await teacher.call<ProjectDetail>(
      'POST',
      apiPath(API_ROUTES.assignProject, { classroomId }),
      {
        title: 'Rivers',
        checkpoints: [
          { title: 'Question', dueAt: new Date(Date.now() + 86_400_000).toISOString() },
        ],
      },
    );
    expect(project.status).toBe(201);
    const school = await teacher.call<{ id: string }>('POST', apiPath(API_ROUTES.createSchool), {
      name: 'Riverside',
    });
    const help = await student.call<HelpRequestView>(
      'POST',
      apiPath(API_ROUTES.raiseHelpRequest, { classroomId }),
      { topic: 'Fractions' },
    );
    const space = await teacher.call<InquirySpaceView>(
      'POST',
      apiPath(API_ROUTES.openInquirySpace, { classroomId }),
      { title: 'Rivers', drivingQuestion: 'Why does it flood?' },
    );
    const ids: Record<string, string> = {
      classroomId,
      groupId: group.body.id,
      studentId: student.id,
      userId: student.id,
      projectId: project.body.id,
      docId: project.body.workspaces[0]?.docId ?? 'fresh-uuid',
      checkpointId: project.body.checkpoints[0]?.checkpointId ?? 'fresh-uuid',
      schoolId: school.body.id,
      requestId: help.body.requestId,
      spaceId: space.body.spaceId,
      tutorId: student.id,
      revision: '0',
    };

    // Routes that end something go last, so the others meet the fixture whole.
    const routes = (Object.entries(API_ROUTES) as Array<[string, AnyRoute]>).sort(
      ([, a], [, b]) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'),
    );
    // Signing out ends the caller's session: a teacher of their own signs out, so every later
    // route and socket event still meets a live session (else they would only test a 401).
    const leaver = await person(app, url, 'leaver', 'teacher');
    const callers: Array<[string, LoopPerson]> = [
      ['teacher', teacher],
      ['student', student],
    ];
    // Whoever the route's permission lets through (so the input reaches the handler), both otherwise.
    const callersOf = (route: AnyRoute): Array<[string, LoopPerson]> => {
      if (route === (API_ROUTES.signOut as AnyRoute)) return [['a teacher signing out', leaver]];
      const rule = route.authorize;
      if (rule === 'public' || !('permission' in rule)) return callers;
      const roles: readonly string[] = CLASSROOM_PERMISSIONS[rule.permission];
      const allowed = callers.filter(([who]) => roles.includes(who));
      return allowed.length > 0 ? allowed : callers.slice(0, 1);
    };
    const faults: string[] = [];
    let sent = 0;
    const started = Date.now();
    for (const [name, route] of routes) {
      const allowed = callersOf(route);
      const calls = badInputs(route, ids).flatMap((input) =>
        (input.once ? allowed.slice(0, 1) : allowed).map(([who, caller]) => async () => {
          const answer = await send(url, route.method, input.path, caller.token, input.body);
          sent += 1;
          const problem = fault(answer);
          if (problem !== null)
            faults.push(
              `${name} (${route.method} ${route.path}) as ${who}, ${input.label}: ${problem}`,
            );
        }),
      );
      // A few at a time, as several browsers would; one route after the other.
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let call = calls.shift(); call !== undefined; call = calls.shift()) await call();
        }),
      );
    }

    // socket.io: every event a client may send, with payloads of every bad kind.
    let emitted = 0;
    for (const [who, caller] of callers) {
      const socket = caller.socket();
      for (const event of SOCKET_IN) {
        for (const [label, payload] of SOCKET_PAYLOADS) {
          const ack = (await socket
            .timeout(10_000)
            .emitWithAck(event, payload)
            .catch((error: unknown) => ({ ok: false, code: `no answer: ${String(error)}` }))) as
            SocketAck | { ok: false; code: string };
          emitted += 1;
          if (!ack.ok && (ack.code === 'internal' || ack.code.startsWith('no answer')))
            faults.push(`socket ${event} as ${who}, ${label}: ${JSON.stringify(ack)}`);
        }
      }
      // Over socket.io's 1 MB message limit: the server drops that connection, nothing worse.
      const flooder = caller.socket();
      const dropped = new Promise<string>((resolve) => flooder.once('disconnect', resolve));
      flooder.emit(SOCKET_EVENTS.boardWatch, { classroomId: ONE_MB });
      emitted += 1;
      expect(await dropped).toBe('transport close');
      flooder.close();
      const after = (await caller
        .socket()
        .timeout(10_000)
        .emitWithAck(SOCKET_EVENTS.boardWatch, { classroomId: `a${NUL}` })) as SocketAck;
      expect(after).toMatchObject({ ok: false, code: 'request.invalid-text' });
    }
    console.info(
      `Bad input: ${routes.length} routes, ${sent} requests and ${emitted} socket events in ${Date.now() - started} ms.`,
    );
    expect(faults).toEqual([]);
  }, 300_000);
});
