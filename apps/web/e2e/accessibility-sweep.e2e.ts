import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Api } from './support/api.js';
import type { StoredSession } from './support/api.js';
import { expectNoAxeViolations } from './support/axe.js';
import { launchChromium } from './support/browser.js';
import { ServerProcess } from './support/server-process.js';

/**
 * Every page of the router, for every role a classroom has, through axe-core at WCAG 2.2 AA:
 * the "all pages, all roles" of issue 7. Each role visits every route; the routes a role may
 * not see must say so in words (an alert), and that page passes axe too. The table below is
 * checked against the router's own source, so a new page cannot be added without a row here.
 */

const ROUTER_SOURCE = new URL('../src/app/app.router.tsx', import.meta.url);

/** The route patterns `app.router.tsx` declares (`index: true` is `/`). */
function routerPatterns(): string[] {
  const source = readFileSync(ROUTER_SOURCE, 'utf8');
  const patterns = [...source.matchAll(/\bpath:\s*(['"`])([^'"`]+)\1/g)].map((m) => m[2] ?? '');
  if (/\bindex:\s*true\b/.test(source)) patterns.push('/');
  return patterns.sort();
}

const ROLES = [
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
type Role = (typeof ROLES)[number];

/**
 * What a role meets on a route: the page itself, a refusal in words (`role="alert"` in the
 * main region), or, for someone not signed in, the sign-in page.
 */
type Outcome = 'page' | 'refused' | 'sign-in';

/** The ids the seeded classroom gives the sweep's URLs. */
interface Seeded {
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
const SWEEP: Record<string, SweepRoute> = {
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

/**
 * Waits for the page to be itself, not its loading state: the lazy chunk is in (a level-one
 * heading), no "Loading…" line is left, and no request is still out.
 */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor({ timeout: 15_000 });
  await page.locator('main .loading').first().waitFor({ state: 'detached', timeout: 15_000 });
  await page.waitForLoadState('networkidle', { timeout: 15_000 });
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
const BIG_AND_CLEAR = { motion: 'reduce', contrast: 'more', textSize: 200, font: 'readable' };

interface Visitor {
  role: Role;
  session?: StoredSession;
}

interface SweepOptions {
  locale?: string;
  settings?: object;
}

async function contextFor(
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
async function sweep(
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
  const label = [visitor.role, options.locale, options.settings ? 'big and clear' : undefined]
    .filter(Boolean)
    .join(', ');
  try {
    for (const [pattern, route] of Object.entries(SWEEP)) {
      if (only && !only(pattern)) continue;
      const where = `${pattern} as ${label}`;
      try {
        await page.goto(route.url(seeded, visitor.role));
        await settled(page);
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
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
  } finally {
    await context.close();
  }
  return problems;
}

describe('every page, every role, through axe-core (WCAG 2.2 AA)', () => {
  let server: ServerProcess;
  let browser: Browser;
  let seeded: Seeded;
  const visitors = new Map<Role, Visitor>();

  beforeAll(async () => {
    server = await ServerProcess.start();
    browser = await launchChromium();
    const api = new Api(server.url);
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

    // A young student with a sign-in card, not yet in any group.
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
    const principal = await accept(
      staffRoom.id,
      { role: 'co-teacher' },
      'ms.adeyemi',
      'Ms Adeyemi',
    );
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

    seeded = {
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
    for (const role of ROLES) {
      const session = sessions[role];
      visitors.set(role, session ? { role, session } : { role });
    }
    expect(Object.values(seeded).every(Boolean)).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('has a row for every route of the router, and no row for a route that is gone', () => {
    expect(Object.keys(SWEEP).sort()).toEqual(routerPatterns());
  });

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

  async function visitor(role: Role): Promise<Visitor> {
    return role === 'mentor' ? mentorVisitor() : (visitors.get(role) ?? { role });
  }

  it.each(ROLES.map((role) => [role]))(
    'as %s: every page reached or refused in words, with no axe violation',
    async (role) => {
      const problems = await sweep(browser, server.url, seeded, await visitor(role));
      expect(problems).toEqual([]);
    },
    300_000,
  );

  it('the live board reads out the feedback-loop latency over the term, week by week in the teacher’s own weeks', async () => {
    const context = await contextFor(browser, server.url, await visitor('teacher'), {});
    const page = await context.newPage();
    await page.goto(`/classrooms/${seeded.classroomId}/board`);
    const term = page.getByRole('figure', { name: 'Time to feedback over the term' });
    await term.getByText('No submission answered in the last 12 weeks.').waitFor();
    await term.getByText('Show the numbers as a table').click();
    const weeks = await term.locator('table tbody tr th').allTextContents();
    expect(weeks).toHaveLength(12);
    // The last row is this week, named by its Monday as the browser's clock and zone see it.
    const monday = await page.evaluate(() => {
      const day = new Date();
      day.setHours(0, 0, 0, 0);
      day.setDate(day.getDate() - ((day.getDay() + 6) % 7));
      return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' }).format(day);
    });
    expect(weeks.at(-1)).toBe(`Week of ${monday}`);
    await expectNoAxeViolations(page, 'the live board with the term chart open');
    await context.close();
  });

  it('in Spanish, a form’s own checks speak Spanish, and the form with its errors passes axe', async () => {
    const context = await contextFor(browser, server.url, { role: 'visitor' }, { locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Inicia sesión en Commonplace' }).waitFor();
    await page.getByRole('button', { name: 'Iniciar sesión', exact: true }).click();
    await page.getByText('Escribe tu nombre de acceso.').waitFor();
    await page.getByText('Escribe tu contraseña.').waitFor();
    await expectNoAxeViolations(page, 'the sign-in form with its errors, in Spanish');
    await context.close();
  });

  it('as a student with 200% text, high contrast and the readable font: no axe violation', async () => {
    const problems = await sweep(browser, server.url, seeded, await visitor('student'), {
      settings: BIG_AND_CLEAR,
    });
    expect(problems).toEqual([]);
  }, 300_000);

  it.each(ROLES.map((role) => [role]))(
    'in Spanish, as %s: every page in Spanish with no axe violation',
    async (role) => {
      const problems = await sweep(browser, server.url, seeded, await visitor(role), {
        locale: 'es-ES',
      });
      expect(problems).toEqual([]);
    },
    300_000,
  );
});
