import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MentorAccessReport, MentorView } from '@commonplace/shared';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus } from '../ui/feedback';
import { formatDate, formatDateTime } from '../ui/format';
import { useAction } from '../ui/use-action';
import { useResource } from '../ui/use-resource';

/** The end of a chosen day in the browser's time zone, as an instant; '' if unreadable. */
function endOfDay(value: string): string {
  const day = new Date(`${value}T23:59:59`);
  return Number.isNaN(day.getTime()) ? '' : day.toISOString();
}

/**
 * A space's community mentors, for its teachers: invite one (the link is shown once),
 * see each one's access report, revoke at any time.
 */
const EMPTY_FORM = { name: '', displayName: '', organisation: '', checkedOn: '', expiresOn: '' };

export function MentorsPanel({ spaceId }: { spaceId: string }) {
  const { t } = useTranslation('mentors');
  const { api } = useSession();
  const mentors = useResource(`mentors:${spaceId}`, () => api.mentors({ params: { spaceId } }));
  const action = useAction();
  const [link, setLink] = useState<string | null>(null);
  const [form, setForm] = useState(EMPTY_FORM);
  const [report, setReport] = useState<MentorAccessReport | null>(null);
  const reload = () => mentors.reload().then(() => undefined);

  const invite = (event: FormEvent) => {
    event.preventDefault();
    setLink(null);
    void action
      .run(
        'invite',
        async () => {
          const created = await api.inviteMentor({
            params: { spaceId },
            body: {
              name: form.name,
              ...(form.displayName.trim() ? { displayName: form.displayName } : {}),
              organisation: form.organisation,
              backgroundCheckVerifiedOn: form.checkedOn,
              expiresAt: endOfDay(form.expiresOn),
            },
          });
          setLink(`${window.location.origin}${paths.mentorInvite(created.inviteToken)}`);
          setForm(EMPTY_FORM);
        },
        t('invited'),
      )
      .then((ok) => (ok ? reload() : undefined))
      .catch(() => undefined);
  };
  const revoke = (mentor: MentorView) =>
    void action
      .run(
        `revoke:${mentor.mentorId}`,
        () => api.revokeMentor({ params: { spaceId, mentorId: mentor.mentorId } }),
        t('revoked', { name: mentor.name }),
      )
      .then((ok) => (ok ? reload() : undefined))
      .catch(() => undefined);
  const showReport = (mentor: MentorView) =>
    void action
      .run(
        `report:${mentor.mentorId}`,
        async () =>
          setReport(
            await api.mentorAccessReport({ params: { spaceId, mentorId: mentor.mentorId } }),
          ),
        t('reportShown', { name: mentor.name }),
      )
      .catch(() => undefined);

  const field = (key: keyof typeof form, label: string, type = 'text', hint?: string) => (
    <p className="stack-sm">
      <label htmlFor={`mentor-${key}`}>{label}</label>
      <input
        id={`mentor-${key}`}
        type={type}
        value={form[key]}
        onChange={(event) => setForm({ ...form, [key]: event.target.value })}
        {...(hint ? { 'aria-describedby': `mentor-${key}-hint` } : {})}
      />
      {hint ? (
        <span id={`mentor-${key}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
    </p>
  );

  return (
    <section aria-labelledby="mentors-heading" className="card stack-sm">
      <h2 id="mentors-heading">{t('heading')}</h2>
      {mentors.resource.status === 'error' ? (
        <ErrorMessage>{mentors.resource.message}</ErrorMessage>
      ) : null}
      {mentors.resource.status === 'ready' && mentors.resource.data.items.length > 0 ? (
        <ul className="plain-list" aria-labelledby="mentors-heading">
          {mentors.resource.data.items.map((mentor) => (
            <li key={mentor.mentorId} className="stack-sm">
              <p>
                {t('mentor', {
                  name:
                    mentor.displayName === mentor.name
                      ? mentor.name
                      : t('nameShownAs', { name: mentor.name, displayName: mentor.displayName }),
                  organisation: mentor.organisation,
                  status: t(`status.${mentor.status}`),
                  checked: formatDate(mentor.backgroundCheckVerifiedOn),
                  expires: formatDateTime(mentor.expiresAt),
                })}
              </p>
              <p className="actions">
                <button type="button" onClick={() => showReport(mentor)}>
                  {t('report', { name: mentor.name })}
                </button>
                {mentor.status === 'invited' || mentor.status === 'active' ? (
                  <button type="button" onClick={() => revoke(mentor)}>
                    {t('revoke', { name: mentor.name })}
                  </button>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      <LiveStatus className="message-success">{action.done}</LiveStatus>
      <ErrorMessage>{action.error}</ErrorMessage>
      {report ? (
        <table>
          <caption>{t('reportCaption', { name: report.mentor.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('what')}</th>
              <th scope="col">{t('detail')}</th>
            </tr>
          </thead>
          <tbody>
            {report.entries.map((entry, index) => (
              <tr key={`${entry.at}-${index}`}>
                <td>{formatDateTime(entry.at)}</td>
                <td>{t(`kind.${entry.kind}`)}</td>
                <td>{entry.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form className="stack-sm" onSubmit={invite} aria-labelledby="invite-mentor-heading">
        <h3 id="invite-mentor-heading">{t('inviteHeading')}</h3>
        {field('name', t('name'))}
        {field('displayName', t('displayName'), 'text', t('displayNameHint'))}
        {field('organisation', t('organisation'))}
        {field('checkedOn', t('checkedOn'), 'date')}
        {field('expiresOn', t('expiresOn'), 'date')}
        <p>
          <button type="submit" className="button-primary" disabled={action.pending !== null}>
            {t('inviteSubmit')}
          </button>
        </p>
      </form>
      {link ? (
        <p>
          {t('linkOnce')} <code className="mentor-invite-link">{link}</code>
        </p>
      ) : null}
    </section>
  );
}
