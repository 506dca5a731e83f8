import { useState } from 'react';
import { CreateInviteRequestSchema } from '@commonplace/shared';
import type { ClassroomView, InvitedRole, InviteView } from '@commonplace/shared';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { Field } from '../ui/field';
import { formatDateTime, localInputToIso } from '../ui/format';
import { useAction } from '../ui/use-action';
import { useResource } from '../ui/use-resource';
import { useSchemaForm } from '../ui/use-schema-form';

const ROLE_LABEL: Record<InvitedRole, string> = {
  'co-teacher': 'Co-teacher',
  guardian: 'Guardian',
  mentor: 'Mentor',
};

/** Invite links that expire: co-teachers, guardians (for named students) and mentors. */
export function InvitesPanel({ classroom }: { classroom: ClassroomView }) {
  const { api } = useSession();
  const invites = useResource(`invites:${classroom.id}`, () => api.listInvites(classroom.id));
  const revoke = useAction();
  const [link, setLink] = useState<string | null>(null);

  return (
    <section aria-labelledby="invites-heading" className="stack">
      <h2 id="invites-heading">Invite links</h2>
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
            <strong>New invite link.</strong> Send it to the person; it is shown only now.
          </p>
          <p className="invite-link">{link}</p>
          <CopyButton text={link} />
        </div>
      ) : null}
      <ErrorMessage>{revoke.error}</ErrorMessage>
      <LiveStatus className="message-success">{revoke.done}</LiveStatus>
      {invites.resource.status === 'loading' ? <Loading what="invites" /> : null}
      {invites.resource.status === 'error' ? (
        <ErrorMessage>{invites.resource.message}</ErrorMessage>
      ) : null}
      {invites.resource.status === 'ready' && invites.resource.data.items.length > 0 ? (
        <table>
          <caption>Invites</caption>
          <thead>
            <tr>
              <th scope="col">For</th>
              <th scope="col">Status</th>
              <th scope="col">Link works until</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {invites.resource.data.items.map((invite: InviteView) => (
              <tr key={invite.inviteId}>
                <th scope="row">{ROLE_LABEL[invite.role]}</th>
                <td>{invite.status}</td>
                <td>{formatDateTime(invite.expiresAt)}</td>
                <td>
                  {invite.status === 'open' ? (
                    <button
                      type="button"
                      aria-label={`Revoke the ${ROLE_LABEL[invite.role].toLowerCase()} invite made to expire ${formatDateTime(invite.expiresAt)}`}
                      disabled={revoke.pending !== null}
                      onClick={() =>
                        void revoke
                          .run(
                            invite.inviteId,
                            () => api.revokeInvite(classroom.id, invite.inviteId),
                            'Invite revoked: the link no longer works.',
                          )
                          .then((ok) => (ok ? invites.reload().catch(() => undefined) : undefined))
                      }
                    >
                      Revoke
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
  return (
    <div className="actions">
      <button
        type="button"
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setCopied('Link copied.'),
            () => setCopied('Could not copy. Select the link and copy it yourself.'),
          )
        }
      >
        Copy link
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
  const [hours, setHours] = useState('72');
  const [studentIds, setStudentIds] = useState<string[]>([]);
  const [accessUntil, setAccessUntil] = useState('');
  const { errors, formError, pending, submit } = useSchemaForm(
    CreateInviteRequestSchema,
    async (request) => {
      const created = await api.createInvite(classroom.id, request);
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
      <h3 id="create-invite-heading">Make an invite link</h3>
      <ErrorMessage>{formError}</ErrorMessage>
      <div className="inline-fields">
        <Field label="Invite a" error={errors.role}>
          {(control) => (
            <select
              {...control}
              value={role}
              onChange={(event) => setRole(event.target.value as InvitedRole)}
            >
              {Object.entries(ROLE_LABEL).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Link works for (hours)"
          error={errors.expiresInHours && 'Give whole hours from 1 to 720.'}
        >
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
          label="Mentor's access ends on"
          hint="Optional. Mentors from outside the school lose access at the end of this day."
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
          <legend>Guardian of</legend>
          {classroom.students.length === 0 ? (
            <p className="muted">No students yet.</p>
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
          {pending ? 'Making the link…' : 'Make invite link'}
        </button>
      </div>
    </form>
  );
}
