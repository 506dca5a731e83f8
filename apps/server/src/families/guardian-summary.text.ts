/** One child's week, as the summary tells it. */
export interface ChildWeek {
  readonly firstName: string;
  /** Days of the week with an edit. */
  readonly activeDays: number;
  readonly minutes: number;
  /** The project of each piece of feedback received. */
  readonly feedback: readonly string[];
  /** "Project: checkpoint" of each checkpoint confirmed. */
  readonly checkpointsConfirmed: readonly string[];
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function lines(child: ChildWeek): string[] {
  const minutes = Math.round(child.minutes);
  return [
    `Active days: ${child.activeDays} of 7`,
    `Time on task: ${minutes} minute${minutes === 1 ? '' : 's'}`,
    child.feedback.length === 0
      ? 'Feedback received: none'
      : `Feedback received: ${child.feedback.length} (${child.feedback.join(', ')})`,
    child.checkpointsConfirmed.length === 0
      ? 'Checkpoints confirmed: none'
      : `Checkpoints confirmed: ${child.checkpointsConfirmed.join('; ')}`,
  ];
}

/** The weekly summary in plain text and simple HTML, with the unsubscribe link in both. */
export function summaryMail(
  monday: string,
  children: readonly ChildWeek[],
  unsubscribeUrl: string,
): { subject: string; text: string; html: string } {
  const subject = `Commonplace: the week of ${monday}`;
  const text = [
    `Your weekly summary for the week of ${monday}.`,
    '',
    ...children.flatMap((child) => [child.firstName, ...lines(child).map((l) => `  ${l}`), '']),
    `To stop getting this summary, open: ${unsubscribeUrl}`,
  ].join('\n');
  const html = [
    '<!doctype html><html lang="en"><body>',
    `<p>Your weekly summary for the week of ${escape(monday)}.</p>`,
    ...children.map(
      (child) =>
        `<h2>${escape(child.firstName)}</h2><ul>${lines(child)
          .map((l) => `<li>${escape(l)}</li>`)
          .join('')}</ul>`,
    ),
    `<p><a href="${escape(unsubscribeUrl)}">Stop getting this summary</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
