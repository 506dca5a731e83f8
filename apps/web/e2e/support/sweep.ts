import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { Api } from './api.js';
import type { StoredSession } from './api.js';
import { expectNoAxeViolations } from './axe.js';
import { launchChromium } from './browser.js';
import { ServerProcess } from './server-process.js';

/**
 * The accessibility sweep's world: every page of the router, for every role a classroom has,
 * through axe-core at WCAG 2.2 AA (the "all pages, all roles" of issue 7). Each role visits
 * every route; the routes a role may not see must say so in words (an alert), and that page
 * passes axe too. The table below is checked against the router's own source, so a new page
 * cannot be added without a row here. Used by `accessibility-sweep.e2e.ts` (English, display
 * settings) and `accessibility-sweep-spanish.e2e.ts`, which run side by side.
 */

const ROUTER_SOURCE = new URL('../../src/app/app.router.tsx', import.meta.url);

/** The route patterns `app.router.tsx` declares (`index: true` is `/`). */
export function routerPatterns(): string[] {
  const source = readFileSync(ROUTER_SOURCE, 'utf8');
  const patterns = [...source.matchAll(/\bpath:\s*(['"`])([^'"`]+)\1/g)].map((m) => m[2] ?? '');
  if (/\bindex:\s*true\b/.test(source)) patterns.push('/');
  return patterns.sort();
}

export const ROLES = [
  'visitor',
  'teacher',
  'co-teacher',
  'student',
  'young student',
  'peer tutor',
  'guardian',
  'mentor',
  'school admin',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a role meets on a route: the page itself, a refusal in words (`role="alert"` in the
 * main region), or, for someone not signed in, the sign-in page.
 */
type Outcome = 'page' | 'refused' | 'sign-in';

/** The ids the seeded classroom gives the sweep's URLs. */
export interface Seeded {
  classroomId: string;
  projectId: string;
  docId: string;
  studentId: string;
  sessionId: string;
  spaceId: string;
  guardianInviteToken: string;
  mentorInviteToken: string;
}

interface SweepRoute {
  url(seeded: Seeded, role: Role): string;
  /** Who is refused; everyone else signed in sees the page (visitors see sign-in unless public). */
  refused?: readonly Role[];
  public?: boolean;
}

const NOT_IN_CLASS: readonly Role[] = ['guardian', 'mentor'];
const STUDENTS: readonly Role[] = ['student', 'young student', 'peer tutor'];

/**
 * One row per route of the router: the URL the sweep opens, and who is turned away. Who is
 * refused is the server's policy as it stands (a school admin oversees the classroom and its
 * work, but not a student's journal, progress, tutoring or inquiry space); the sweep holds the
 * pages to saying so in words.
 */
export const SWEEP: Record<string, SweepRoute> = {
  '/sign-in': { url: () => '/sign-in', public: true },
  '/invites/:token': { url: (s) => `/invites/${s.guardianInviteToken}`, public: true },
  // The real link signs its holder in as the mentor, so only the mentor follows it; everyone
  // else opens a link that does not exist, which the same page refuses in words.
  '/mentor-invites/:token': {
    url: (s, role) => `/mentor-invites/${role === 'mentor' ? s.mentorInviteToken : 'no-such-link'}`,
    public: true,
    refused: ROLES.filter((role) => role !== 'mentor'),
  },
  '/': { url: () => '/' },
  // Everyone's own sign-ins: nothing to refuse.
  '/sessions': { url: () => '/sessions' },
  '/classrooms/:classroomId': { url: (s) => `/classrooms/${s.classroomId}`, refused: NOT_IN_CLASS },
  '/classrooms/:classroomId/board': {
    url: (s) => `/classrooms/${s.classroomId}/board`,
    refused: [...STUDENTS, ...NOT_IN_CLASS, 'school admin'],
  },
  // The cards live only in the tab that made them: anyone else finds an empty sheet that says
  // where cards are made, and nothing from the server.
  '/classrooms/:classroomId/sign-in-cards': {
    url: (s) => `/classrooms/${s.classroomId}/sign-in-cards`,
  },
  // The project goes to the whole class, so a young student who joined later sees it too.
  '/projects/:projectId': { url: (s) => `/projects/${s.projectId}`, refused: ['mentor'] },
  '/projects/:projectId/journal': {
    url: (s) => `/projects/${s.projectId}/journal`,
    refused: [...NOT_IN_CLASS, 'school admin'],
  },
  '/projects/:projectId/goals': {
    url: (s) => `/projects/${s.projectId}/goals`,
    refused: [...NOT_IN_CLASS, 'school admin'],
  },
  '/workspaces/:docId': {
    url: (s) => `/workspaces/${s.docId}`,
    refused: ['young student', ...NOT_IN_CLASS],
  },
  // The teacher's side of feedback: the group reads its feedback in its workspace.
  '/workspaces/:docId/feedback': {
    url: (s) => `/workspaces/${s.docId}/feedback`,
    refused: [...STUDENTS, ...NOT_IN_CLASS, 'school admin'],
  },
  '/workspaces/:docId/history': {
    url: (s) => `/workspaces/${s.docId}/history`,
    refused: ['young student', ...NOT_IN_CLASS],
  },
  '/students/:studentId': {
    url: (s) => `/students/${s.studentId}`,
    refused: ['young student', 'peer tutor', 'mentor', 'school admin'],
  },
  '/families/children/:studentId': {
    url: (s) => `/families/children/${s.studentId}`,
    refused: ['teacher', 'co-teacher', 'school admin', ...STUDENTS, 'mentor'],
  },
  '/classrooms/:classroomId/tutoring': {
    url: (s) => `/classrooms/${s.classroomId}/tutoring`,
    refused: NOT_IN_CLASS,
  },
  '/tutoring-sessions/:sessionId': {
    url: (s) => `/tutoring-sessions/${s.sessionId}`,
    refused: ['young student', ...NOT_IN_CLASS, 'school admin'],
  },
  '/inquiry-spaces': { url: () => '/inquiry-spaces' },
  '/inquiry-spaces/:spaceId': {
    url: (s) => `/inquiry-spaces/${s.spaceId}`,
    refused: ['guardian', 'school admin'],
  },
  '*': { url: () => '/no-such-page', public: true },
};

function expected(route: SweepRoute, role: Role): Outcome {
  if (route.refused?.includes(role)) return 'refused';
  if (role === 'visitor') return route.public ? 'page' : 'sign-in';
  return 'page';
}

/** The page's requests still out (a WebSocket is not one), and when the last one started or ended. */
interface Traffic {
  readonly out: Set<Request>;
  lastChange: number;
}

function watchTraffic(page: Page): Traffic {
  const traffic: Traffic = { out: new Set(), lastChange: Date.now() };
  page.on('request', (request) => {
    traffic.out.add(request);
    traffic.lastChange = Date.now();
  });
  const done = (request: Request) => {
    traffic.out.delete(request);
    traffic.lastChange = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return traffic;
}

/**
 * Playwright's `networkidle` with a 100 ms quiet window instead of its fixed 500 ms: nothing
 * out and nothing started for 100 ms. The sweep opens about 400 pages, so the difference is
 * over three minutes of the suite.
 */
async function networkQuiet(traffic: Traffic, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (traffic.out.size > 0 || Date.now() - traffic.lastChange < 100) {
    if (Date.now() > deadline)
      throw new Error(
        `still waiting for ${[...traffic.out].map((r) => r.url()).join(', ')} after ${timeoutMs} ms`,
      );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Waits for the page to be itself, not its loading state: the lazy chunk is in (a level-one
 * heading), no "Loading…" line is left, and no request is still out.
 */
async function settled(page: Page, traffic: Traffic): Promise<void> {
  await page.locator('main h1').first().waitFor({ timeout: 15_000 });
  await page.locator('main .loading').first().waitFor({ state: 'detached', timeout: 15_000 });
  await networkQuiet(traffic);
  await page.locator('main .loading').first().waitFor({ state: 'detached', timeout: 15_000 });
}

async function outcomeOf(page: Page, pattern: string): Promise<Outcome> {
  const path = new URL(page.url()).pathname;
  if (path === '/sign-in' && pattern !== '/sign-in') return 'sign-in';
  return (await page.locator('main [role="alert"]').count()) > 0 ? 'refused' : 'page';
}

/** Words no Spanish sentence uses, and nearly every English refusal does. */
const ENGLISH_WORDS = /\b(the|this|only|you|your|does|cannot|can)\b/i;

/** The display settings a student may choose: big text, high contrast, the readable font. */
export const BIG_AND_CLEAR = {
  motion: 'reduce',
  contrast: 'more',
  textSize: 200,
  font: 'readable',
};

export interface Visitor {
  role: Role;
  session?: StoredSession;
}

interface SweepOptions {
  locale?: string;
  settings?: object;
}

export async function contextFor(
  browser: Browser,
  baseURL: string,
  visitor: Visitor,
  options: SweepOptions,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    locale: options.locale ?? 'en-GB',
    timezoneId: options.locale?.startsWith('es') ? 'Europe/Madrid' : 'Europe/London',
  });
  await context.addInitScript(
    ({ session, settings }) => {
      if (session && !sessionStorage.getItem('commonplace.session'))
        sessionStorage.setItem('commonplace.session', session);
      if (settings) localStorage.setItem('commonplace.settings', settings);
    },
    {
      session: visitor.session ? JSON.stringify(visitor.session) : null,
      settings: options.settings ? JSON.stringify(options.settings) : null,
    },
  );
  return context;
}

/**
 * Opens every route as one role and returns every problem found, each naming the page and
 * the role: an unexpected outcome, or axe's violations.
 */
export async function sweep(
  browser: Browser,
  baseURL: string,
  seeded: Seeded,
  visitor: Visitor,
  options: SweepOptions = {},
  only?: (pattern: string) => boolean,
): Promise<string[]> {
  const problems: string[] = [];
  const context = await contextFor(browser, baseURL, visitor, options);
  const page = await context.newPage();
  const traffic = watchTraffic(page);
  const label = [visitor.role, options.locale, options.settings ? 'big and clear' : undefined]
    .filter(Boolean)
    .join(', ');
  try {
    for (const [pattern, route] of Object.entries(SWEEP)) {
      if (only && !only(pattern)) continue;
      const where = `${pattern} as ${label}`;
      try {
        await page.goto(route.url(seeded, visitor.role));
        await settled(page, traffic);
        const outcome = await outcomeOf(page, pattern);
        const want = expected(route, visitor.role);
        if (outcome !== want) {
          const alert = await page.locator('main [role="alert"]').allTextContents();
          problems.push(
            `${where}: expected ${want}, got ${outcome} at ${page.url()} ${alert.join(' ')}`,
          );
        }
        if (options.locale) {
          const lang = await page.evaluate(() => document.documentElement.lang);
          if (lang !== options.locale.slice(0, 2)) problems.push(`${where}: <html lang="${lang}">`);
          // A refusal comes from the server in English; the reader must get it in Spanish.
          for (const alert of await page.locator('main [role="alert"]').allTextContents()) {
            if (ENGLISH_WORDS.test(alert)) problems.push(`${where}: an English refusal: ${alert}`);
          }
        }
        await expectNoAxeViolations(page, where);
        // The bell's list, open, once per visitor: on the home page, where every role lands.
        const bell = page.locator('.notification-bell summary');
        if (pattern === '/' && outcome === 'page' && (await bell.count()) > 0) {
          await bell.click();
          await page.locator('.notification-body').waitFor();
          await networkQuiet(traffic);
          await expectNoAxeViolations(page, `${where}, with the notifications open`);
          await bell.click();
        }
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
  } finally {
    await context.close();
  }
  return problems;
}

/** A server seeded for the sweep, a browser, and a way in for every role. */
export interface SweepWorld {
  readonly server: ServerProcess;
  readonly browser: Browser;
  readonly seeded: Seeded;
  visitor(role: Role): Promise<Visitor>;
  close(): Promise<void>;
}

/**
 * Starts a server from the demo, seeds every role a classroom has (a co-teacher, a guardian,
 * a peer tutor with a claimed help request, a young student with a card, a school admin, an
 * inquiry space with a mentor) and launches a browser. Each sweep file has its own world, so
 * the files run side by side on the two Jest workers.
 */
export async function startSweep(): Promise<SweepWorld> {
  const server = await ServerProcess.start();
  const browser = await launchChromium();
  const { seeded, sessions } = await seedEveryRole(new Api(server.url));

  /** The mentor's only way in is their link: their tab signs in there first. */
  async function mentorVisitor(): Promise<Visitor> {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await page.goto(`/mentor-invites/${seeded.mentorInviteToken}`);
    await page.waitForURL(/\/inquiry-spaces\//);
    const session = await page.evaluate(() => sessionStorage.getItem('commonplace.session'));
    await context.close();
    return { role: 'mentor', session: JSON.parse(session ?? 'null') as StoredSession };
  }

  return {
    server,
    browser,
    seeded,
    async visitor(role) {
      if (role === 'mentor') return mentorVisitor();
      const session = sessions[role];
      return session ? { role, session } : { role };
    },
    async close() {
      await browser.close();
      await server.dispose();
    },
  };
}

async function seedEveryRole(
  api: Api,
): Promise<{ seeded: Seeded; sessions: Partial<Record<Role, StoredSession>> }> {
  const teacher = await api.signIn('teacher');
  const ana = await api.signIn('ana');
  const ben = await api.signIn('ben');
  const t = teacher.token;

  const classrooms = await api.call<Array<{ id: string; name: string }>>('GET', '/classrooms', t);
  const classroomId = classrooms.find((c) => c.name === 'Year 7 Science')?.id ?? '';
  const projects = await api.call<{ items: Array<{ id: string }> }>(
    'GET',
    `/classrooms/${classroomId}/projects`,
    t,
  );
  const projectId = projects.items[0]?.id ?? '';
  const project = await api.call<{ workspaces: Array<{ docId: string; memberIds: string[] }> }>(
    'GET',
    `/projects/${projectId}`,
    t,
  );
  const docId = project.workspaces.find((w) => w.memberIds.includes(ana.user.id))?.docId ?? '';

  // The teacher comments on a passage of the group's document and Ana replies: the workspace
  // shows its comments panel with a thread in it. (The anchor points at no text of this
  // document, so the thread also says its passage is gone.)
  const thread = await api.call<{ threadId: string }>(
    'POST',
    `/workspaces/${encodeURIComponent(docId)}/comments`,
    t,
    { anchor: { start: 'AQLNpQEA', end: 'AQLNpQEM' }, quote: 'the river', text: 'Which river?' },
  );
  await api.call(
    'POST',
    `/workspaces/${encodeURIComponent(docId)}/comments/${thread.threadId}/replies`,
    ana.token,
    { text: 'The Wandle.' },
  );

  // Ben tutors; Ana asks for help about her project and Ben takes it.
  await api.call('POST', `/classrooms/${classroomId}/peer-tutors`, t, { studentId: ben.user.id });
  const request = await api.call<{ requestId: string }>(
    'POST',
    `/classrooms/${classroomId}/help-requests`,
    ana.token,
    { topic: 'How do we measure pH?', docId },
  );
  const tutoring = await api.call<{ sessionId: string }>(
    'POST',
    `/help-requests/${request.requestId}/claim`,
    ben.token,
    {},
  );

  // A young student with a sign-in card, not yet in any group: the board's "needs attention"
  // list names her, and the classroom page says so beside its groups, for every role's sweep.
  const card = await api.call<{ classCode: string; secret: string }>(
    'POST',
    `/classrooms/${classroomId}/student-accounts`,
    t,
    { displayName: 'Mia' },
  );
  const young = await api.call<StoredSession>('POST', '/auth/student-sign-in', undefined, {
    classCode: card.classCode,
    secret: card.secret,
  });

  // A co-teacher and Ana's guardian come in by invite links, making their accounts.
  const accept = async (classroom: string, invite: object, login: string, name: string) => {
    const created = await api.call<{ token: string }>(
      'POST',
      `/classrooms/${classroom}/invites`,
      t,
      invite,
    );
    const accepted = await api.call<{ token?: string }>('POST', '/invites/accept', undefined, {
      token: created.token,
      account: { login, displayName: name, password: 'rivers-and-brooks' },
    });
    return api.sessionFor(accepted.token ?? '');
  };
  const coTeacher = await accept(classroomId, { role: 'co-teacher' }, 'mr.okafor', 'Mr Okafor');
  const guardian = await accept(
    classroomId,
    { role: 'guardian', studentIds: [ana.user.id] },
    'ana.dad',
    'Ana’s dad',
  );
  const openInvite = await api.call<{ token: string }>(
    'POST',
    `/classrooms/${classroomId}/invites`,
    t,
    { role: 'guardian', studentIds: [ben.user.id] },
  );

  // The school's admin teaches elsewhere; the classroom belongs to their school.
  const staffRoom = await api.call<{ id: string }>('POST', '/classrooms', t, {
    name: 'Staff room',
  });
  const principal = await accept(staffRoom.id, { role: 'co-teacher' }, 'ms.adeyemi', 'Ms Adeyemi');
  const school = await api.call<{ id: string }>('POST', '/schools', t, {
    name: 'Riverside School',
  });
  await api.call('POST', `/classrooms/${classroomId}/school`, t, { schoolId: school.id });
  await api.call('POST', `/schools/${school.id}/admins`, t, { userId: principal.user.id });

  // An inquiry space from the classroom, with a community mentor.
  const space = await api.call<{ spaceId: string }>(
    'POST',
    `/classrooms/${classroomId}/inquiry-spaces`,
    t,
    { title: 'River health', drivingQuestion: 'How healthy are the rivers near our schools?' },
  );
  const mentor = await api.call<{ inviteToken: string }>(
    'POST',
    `/inquiry-spaces/${space.spaceId}/mentors`,
    t,
    {
      name: 'Rosa Díaz',
      organisation: 'River Trust',
      backgroundCheckVerifiedOn: '2026-11-01',
      expiresAt: '2099-01-31T00:00:00.000Z',
    },
  );

  const seeded: Seeded = {
    classroomId,
    projectId,
    docId,
    studentId: ana.user.id,
    sessionId: tutoring.sessionId,
    spaceId: space.spaceId,
    guardianInviteToken: openInvite.token,
    mentorInviteToken: mentor.inviteToken,
  };
  const sessions: Partial<Record<Role, StoredSession>> = {
    teacher,
    'co-teacher': coTeacher,
    student: ana,
    'young student': young,
    'peer tutor': ben,
    guardian,
    'school admin': principal,
  };
  if (!Object.values(seeded).every(Boolean))
    throw new Error(`seeding left an id empty: ${JSON.stringify(seeded)}`);
  return { seeded, sessions };
}
