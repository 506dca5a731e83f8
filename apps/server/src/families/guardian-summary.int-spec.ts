import { afterEach, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type {
  AcceptInviteResponse,
  CreatedInvite,
  ErrorBody,
  GroupView,
  GuardianSummarySettings,
  ProjectDetail,
  SubmissionPage,
} from '@commonplace/shared';
import { API_ROUTES, apiPath } from '@commonplace/shared';
import { streams } from '@commonplace/domain';
import { waitFor } from '../collab/collab.testing.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { weekStart } from './families.service.js';
import { GuardianSummaryScheduler } from './guardian-summary.scheduler.js';
import { GuardianSummaryService } from './guardian-summary.service.js';

const R = API_ROUTES;
const WEEK_MS = 7 * 86_400_000;

/** A real SMTP server on a free port; every message it accepts is parsed into `inbox` before the sender hears "OK". */
async function smtpServer(): Promise<{ url: string; inbox: ParsedMail[]; close(): Promise<void> }> {
  const inbox: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          inbox.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    inbox,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

await describeOnEveryStore('guardian weekly summary', (openStore) => {
  const { start, person, client, withToken, joinedClassroom, connectDoc } = loopHarness(openStore);

  it('emails an opted-in guardian their child’s week once, with a link that unsubscribes', async () => {
    const smtp = await smtpServer();
    closers.push(smtp.close);
    const env = { SMTP_URL: smtp.url, PUBLIC_URL: 'http://commonplace.test/' };
    const { app, url } = await start(env);
    const teacher = await person(app, url, 'ms-hill', 'teacher');
    const ada = await person(app, url, 'ada', 'student');
    const classroomId = (await joinedClassroom(teacher, [ada])).id;
    const group = (
      await teacher.call<GroupView>('POST', apiPath(R.createGroup, { classroomId }), {
        name: 'Otters',
      })
    ).body;
    await teacher.call('POST', apiPath(R.addGroupMember, { classroomId, groupId: group.id }), {
      studentId: ada.id,
    });
    const project = (
      await teacher.call<ProjectDetail>('POST', apiPath(R.assignProject, { classroomId }), {
        title: 'Rivers',
        brief: 'Map a river.',
        checkpoints: [
          { title: 'Question', dueAt: new Date(Date.now() + 86_400_000).toISOString() },
        ],
      })
    ).body;
    const docId = project.workspaces.find((w) => w.groupId === group.id)?.docId ?? '';
    const checkpointId = project.checkpoints[0]?.checkpointId ?? '';
    await ada.call('POST', apiPath(R.markCheckpointReached, { docId, checkpointId }), {});
    expect(
      (await teacher.call('POST', apiPath(R.confirmCheckpoint, { docId, checkpointId }), {}))
        .status,
    ).toBe(200);
    const editor = connectDoc(url, docId, ada.token ?? '');
    await waitFor(() => editor.provider.synced, 10_000, 'the editor synced');
    editor.text.insert(0, 'Rivers carry water to the sea.');
    // Submitting pins a stored revision: wait for the edit to reach the log first.
    const deadline = Date.now() + 10_000;
    while (
      (await app.store.events.readStream(streams.document(docId), { maxCount: 1 })).length === 0
    ) {
      if (Date.now() > deadline) throw new Error('Timed out waiting for the edit to be stored.');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await ada.call('POST', apiPath(R.submit, { docId }), {})).status).toBe(201);
    const submissions = await teacher.call<SubmissionPage>(
      'GET',
      apiPath(R.listSubmissions, { docId }),
    );
    const submissionId = submissions.body.items[0]?.submissionId ?? '';
    expect(
      (
        await teacher.call('POST', apiPath(R.giveFeedback, { docId, submissionId }), {
          comment: 'Clear map.',
        })
      ).status,
    ).toBe(201);

    const invite = (
      await teacher.call<CreatedInvite>('POST', apiPath(R.createInvite, { classroomId }), {
        role: 'guardian',
        studentIds: [ada.id],
      })
    ).body;
    const accepted = await client(url, undefined)<AcceptInviteResponse>(
      'POST',
      apiPath(R.acceptInvite),
      {
        token: invite.token,
        account: { login: 'ada-mum', displayName: 'Mum', password: 'long-enough-password' },
      },
    );
    const me = await client(url, accepted.body.token)<{ id: string }>('GET', apiPath(R.me));
    const mum = withToken(url, me.body.id, accepted.body.token);

    expect(await mum.call('GET', apiPath(R.guardianSummary))).toMatchObject({
      status: 200,
      body: { email: null, emailEnabled: true },
    });
    const bad = await mum.call<ErrorBody>('POST', apiPath(R.setGuardianSummary), {
      email: 'not an address',
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'request.invalid' } });
    const refused = await teacher.call<ErrorBody>('POST', apiPath(R.setGuardianSummary), {
      email: 'hill@example.org',
    });
    expect(refused).toMatchObject({ status: 403, body: { code: 'families.not-your-child' } });
    const set = await mum.call<GuardianSummarySettings>('POST', apiPath(R.setGuardianSummary), {
      email: ' mum@example.org ',
    });
    expect(set).toMatchObject({ status: 200, body: { email: 'mum@example.org' } });
    // The address is sealed in the log, never in clear.
    const logged = await app.store.events.readAll();
    expect(JSON.stringify(logged)).not.toContain('mum@example.org');

    // Twice in the same week, and by a second instance too: one email.
    const second = await start(env);
    const thisWeek = weekStart(new Date()).toISOString().slice(0, 10);
    const runs = await Promise.all([
      app.nest.get(GuardianSummaryService).sendWeek(thisWeek),
      second.app.nest.get(GuardianSummaryService).sendWeek(thisWeek),
    ]);
    expect(runs.map((r) => r.sent).sort()).toEqual([0, 1]);
    expect((await app.nest.get(GuardianSummaryService).sendWeek(thisWeek)).sent).toBe(0);
    // The second instance's scheduler, at start-up, sent the last complete week (once).
    await second.app.nest.get(GuardianSummaryScheduler).settled();
    const lastWeek = new Date(Date.parse(thisWeek) - WEEK_MS).toISOString().slice(0, 10);
    expect(smtp.inbox.map((m) => m.subject).sort()).toEqual([
      `Commonplace: the week of ${lastWeek}`,
      `Commonplace: the week of ${thisWeek}`,
    ]);

    const mail = smtp.inbox.find((m) => m.subject?.endsWith(thisWeek))!;
    expect(mail.to).toMatchObject({ text: 'mum@example.org' });
    expect(mail.subject).toBe(`Commonplace: the week of ${thisWeek}`);
    expect(mail.text).toContain('ada');
    expect(mail.text).toContain('Feedback received: 1 (Rivers)');
    expect(mail.text).toContain('Checkpoints confirmed: Rivers: Question');
    expect(mail.text).toContain('Active days: 1 of 7');
    expect(mail.text).toMatch(/Time on task: \d+ minutes?/);
    expect(mail.html).toContain('<h2>ada</h2>');
    const link = /http:\/\/commonplace\.test\/unsubscribe\?token=[^\s"<]+/.exec(
      mail.text ?? '',
    )?.[0];
    expect(link).toBeDefined();
    // Mail apps' own unsubscribe button (List-Unsubscribe) carries the same link.
    expect(mail.headers.get('list')).toMatchObject({ unsubscribe: { id: link } });

    // Follow the link on this server: unsubscribed, then the same link says it was used.
    const local = new URL(link!);
    const opened = await fetch(`${url}${local.pathname}${local.search}`);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('You are unsubscribed');
    const again = await fetch(`${url}${local.pathname}${local.search}`);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('already used');
    const forged = await fetch(
      `${url}/unsubscribe?token=${encodeURIComponent(`${me.body.id}.${'A'.repeat(43)}`)}`,
    );
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('not valid');
    expect((await fetch(`${url}/unsubscribe`)).status).toBe(404);
    expect(await mum.call('GET', apiPath(R.guardianSummary))).toMatchObject({
      body: { email: null },
    });

    const nextWeek = new Date(Date.parse(thisWeek) + WEEK_MS).toISOString().slice(0, 10);
    expect((await app.nest.get(GuardianSummaryService).sendWeek(nextWeek)).sent).toBe(0);
    expect(smtp.inbox).toHaveLength(2);
  }, 90_000);

  it('sends nothing and says so when no SMTP server is configured', async () => {
    const { app } = await start();
    const service = app.nest.get(GuardianSummaryService);
    expect(await service.sendWeek('2026-11-16')).toEqual({
      week: '2026-11-16',
      sent: 0,
      skipped: 0,
      failed: 0,
    });
  });
});
