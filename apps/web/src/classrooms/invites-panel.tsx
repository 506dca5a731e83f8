import { Trans, useTranslation } from 'react-i18next';
import { useState } from 'react';
import { CreateInviteRequestSchema } from '@commonplace/shared';
import type { ClassroomView, InvitedRole, InviteView } from '@commonplace/shared';
import { WHOLE_LIST } from '../api/api-client';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { Field } from '../ui/field';
import { formatDateTime, localInputToIso } from '../ui/format';
import { useAction } from '../ui/use-action';
import { useResource } from '../ui/use-resource';
import { useSchemaForm } from '../ui/use-schema-form';

const INVITED_ROLES: readonly InvitedRole[] = ['co-teacher', 'guardian', 'mentor'];

/** Invite links that expire: co-teachers, guardians (for named students) and mentors. */
export function InvitesPanel({ classroom }: { classroom: ClassroomView }) {
  const { api } = useSession();
  const invites = useResource(`invites:${classroom.id}`, () =>
    api.listInvites({ params: { classroomId: classroom.id }, query: WHOLE_LIST }),
  );
  const revoke = useAction();
  const { t } = useTranslation('classrooms');
  const [link, setLink] = useState<string | null>(null);

  return (
    <section aria-labelledby="invites-heading" className="stack">
      <h2 id="invites-heading">{t('invites.heading')}</h2>
      <CreateInviteForm
        classroom={classroom}
        onCreated={async (url) => {
          setLink(url);
          await invites.reload().catch(() => undefined);
        }}
      />
      {link ? (
        <div className="card stack-sm" role="status">
          <p>
            <Trans t={t} i18nKey="invites.newLink" components={{ strong: <strong /> }} />
          </p>
          <p className="invite-link">{link}</p>
          <CopyButton text={link} />
        </div>
      ) : null}
      <ErrorMessage>{revoke.error}</ErrorMessage>
      <LiveStatus className="message-success">{revoke.done}</LiveStatus>
      {invites.resource.status === 'loading' ? <Loading what={t('invites.loading')} /> : null}
      {invites.resource.status === 'error' ? (
        <ErrorMessage>{invites.resource.message}</ErrorMessage>
      ) : null}
      {invites.resource.status === 'ready' && invites.resource.data.items.length > 0 ? (
        <table>
          <caption>{t('invites.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('invites.for')}</th>
              <th scope="col">{t('invites.status')}</th>
              <th scope="col">{t('invites.until')}</th>
              <th scope="col">{t('invites.action')}</th>
            </tr>
          </thead>
          <tbody>
            {invites.resource.data.items.map((invite: InviteView) => (
              <tr key={invite.inviteId}>
                <th scope="row">{t(`invites.role.${invite.role}`)}</th>
                <td>{t(`invites.state.${invite.status}`)}</td>
                <td>{formatDateTime(invite.expiresAt)}</td>
                <td>
                  {invite.status === 'open' ? (
                    <button
                      type="button"
                      aria-label={t('invites.revokeLabel', {
                        role: t(`invites.role.${invite.role}`),
                        when: formatDateTime(invite.expiresAt),
                      })}
                      disabled={revoke.pending !== null}
                      onClick={() =>
                        void revoke
                          .run(
                            invite.inviteId,
                            () =>
                              api.revokeInvite({
                                params: { classroomId: classroom.id, inviteId: invite.inviteId },
                              }),
                            t('invites.revoked'),
                          )
                          .then((ok) => (ok ? invites.reload().catch(() => undefined) : undefined))
                      }
                    >
                      {t('invites.revoke')}
                    </button>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const { t } = useTranslation('classrooms');
  return (
    <div className="actions">
      <button
        type="button"
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setCopied(t('invites.copied')),
            () => setCopied(t('invites.copyFailed')),
          )
        }
      >
        {t('invites.copy')}
      </button>
      <LiveStatus className="inline-status">{copied}</LiveStatus>
    </div>
  );
}

function CreateInviteForm({
  classroom,
  onCreated,
}: {
  classroom: ClassroomView;
  onCreated: (url: string) => Promise<void>;
}) {
  const { api } = useSession();
  const [role, setRole] = useState<InvitedRole>('co-teacher');
  const { t } = useTranslation('classrooms');
  const [hours, setHours] = useState('72');
  const [studentIds, setStudentIds] = useState<string[]>([]);
  const [accessUntil, setAccessUntil] = useState('');
  const { errors, formError, pending, submit } = useSchemaForm(
    CreateInviteRequestSchema,
    async (request) => {
      const created = await api.createInvite({
        params: { classroomId: classroom.id },
        body: request,
      });
      setStudentIds([]);
      await onCreated(`${window.location.origin}${paths.invite(created.token)}`);
    },
  );

  return (
    <form
      className="card stack"
      noValidate
      aria-labelledby="create-invite-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void submit({
          role,
          expiresInHours: hours.trim() === '' ? Number.NaN : Number(hours),
          ...(role === 'guardian' ? { studentIds } : {}),
          ...(role === 'mentor' && accessUntil
            ? { accessUntil: localInputToIso(`${accessUntil}T23:59`) || accessUntil }
            : {}),
        });
      }}
    >
      <h3 id="create-invite-heading">{t('invites.makeHeading')}</h3>
      <ErrorMessage>{formError}</ErrorMessage>
      <div className="inline-fields">
        <Field label={t('invites.inviteA')} error={errors.role}>
          {(control) => (
            <select
              {...control}
              value={role}
              onChange={(event) => setRole(event.target.value as InvitedRole)}
            >
              {INVITED_ROLES.map((value) => (
                <option key={value} value={value}>
                  {t(`invites.role.${value}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('invites.hours')} error={errors.expiresInHours && t('invites.hoursError')}>
          {(control) => (
            <input
              {...control}
              inputMode="numeric"
              value={hours}
              onChange={(event) => setHours(event.target.value)}
            />
          )}
        </Field>
      </div>
      {role === 'mentor' ? (
        <Field
          label={t('invites.mentorUntil')}
          hint={t('invites.mentorUntilHint')}
          error={errors.accessUntil}
        >
          {(control) => (
            <input
              {...control}
              type="date"
              value={accessUntil}
              onChange={(event) => setAccessUntil(event.target.value)}
            />
          )}
        </Field>
      ) : null}
      {role === 'guardian' ? (
        <fieldset aria-describedby={errors.studentIds ? 'invite-students-error' : undefined}>
          <legend>{t('invites.guardianOf')}</legend>
          {classroom.students.length === 0 ? (
            <p className="muted">{t('groups.noStudents')}</p>
          ) : (
            classroom.students.map((student) => {
              const id = `invite-student-${student.id}`;
              return (
                <div key={student.id} className="choice">
                  <input
                    type="checkbox"
                    id={id}
                    checked={studentIds.includes(student.id)}
                    onChange={(event) =>
                      setStudentIds(
                        event.target.checked
                          ? [...studentIds, student.id]
                          : studentIds.filter((s) => s !== student.id),
                      )
                    }
                  />
                  <label htmlFor={id}>{student.displayName}</label>
                </div>
              );
            })
          )}
          {errors.studentIds ? (
            <p id="invite-students-error" className="field-error">
              {errors.studentIds}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <div>
        <button type="submit" className="button-primary">
          {pending ? t('invites.making') : t('invites.make')}
        </button>
      </div>
    </form>
  );
}
