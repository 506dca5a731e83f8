import { describe, expect, it } from '@jest/globals';
import { summaryMail } from './guardian-summary.text.js';

describe('the weekly summary’s words', () => {
  const link = 'https://commonplace.test/unsubscribe?token=g1.abc&x=1';
  const mail = summaryMail(
    '2026-11-30',
    [
      { firstName: 'Ada', activeDays: 0, minutes: 1, feedback: [], checkpointsConfirmed: [] },
      {
        firstName: '<b>Bo</b>',
        activeDays: 3,
        minutes: 42.4,
        feedback: ['Rivers', 'Maps'],
        checkpointsConfirmed: ['Rivers: Question'],
      },
    ],
    link,
  );

  it('tells each child’s week in plain text, with the link to stop it', () => {
    expect(mail.subject).toBe('Commonplace: the week of 2026-11-30');
    expect(mail.text).toContain(
      'Ada\n  Active days: 0 of 7\n  Time on task: 1 minute\n  Feedback received: none',
    );
    expect(mail.text).toContain('Active days: 3 of 7');
    expect(mail.text).toContain('Time on task: 42 minutes');
    expect(mail.text).toContain('Feedback received: 2 (Rivers, Maps)');
    expect(mail.text).toContain('Checkpoints confirmed: Rivers: Question');
    expect(mail.text).toContain(`To stop getting this summary, open: ${link}`);
  });

  it('escapes names in the HTML, and its link is the same link', () => {
    expect(mail.html).toContain('<h2>&#60;b&#62;Bo&#60;/b&#62;</h2>');
    expect(mail.html).not.toContain('<b>Bo');
    expect(mail.html).toContain('href="https://commonplace.test/unsubscribe?token=g1.abc&#38;x=1"');
  });
});
