import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { AcceptInviteRequestSchema } from '@commonplace/shared';
import type { InvitedRole, InvitePreview } from '@commonplace/shared';
import { paths } from '../app/paths';
import { useAuth } from '../auth/auth-context';
import type { SignInRedirectState } from '../auth/require-session';
import { ErrorMessage, Loading } from '../ui/feedback';
import { Field } from '../ui/field';
import { formatDateTime } from '../ui/format';
import { PageHeading } from '../ui/page-heading';
import { useResource } from '../ui/use-resource';
import { useSchemaForm } from '../ui/use-schema-form';

const ROLE_WORDS: Record<InvitedRole, string> = {
  'co-teacher': 'a co-teacher',
  guardian: 'a guardian',
  mentor: 'a mentor',
};

/** Where an invite link lands: what it is for, then accept it signed in or with a new account. */
export default function InvitePage() {
  const { token = '' } = useParams();
  const { api } = useAuth();
  const { resource } = useResource(`invite:${token}`, () => api.previewInvite(token));

  return (
    <div className="narrow">
      <PageHeading title="Invitation">You are invited to Commonplace</PageHeading>
      {resource.status === 'loading' ? <Loading what="the invitation" /> : null}
      {resource.status === 'error' ? <ErrorMessage>{resource.message}</ErrorMessage> : null}
      {resource.status === 'ready' ? <Invite token={token} preview={resource.data} /> : null}
    </div>
  );
}

function Invite({ token, preview }: { token: string; preview: InvitePreview }) {
  const { session } = useAuth();
  const here: SignInRedirectState = { from: paths.invite(token) };
  if (preview.status !== 'open') {
    return (
      <p className="message message-error">
        {preview.status === 'accepted'
          ? 'This invitation has already been used.'
          : preview.status === 'expired'
            ? 'This invitation has expired.'
            : 'This invitation was withdrawn.'}{' '}
        Ask the teacher for a new link.
      </p>
    );
  }
  return (
    <div className="stack">
      <p>
        Join <strong>{preview.classroomName}</strong> as {ROLE_WORDS[preview.role]}. The link works
        until {formatDateTime(preview.expiresAt)}.
      </p>
      {session ? (
        <AcceptForm token={token} signedInAs={session.user.displayName} />
      ) : (
        <>
          <p>
            Have an account?{' '}
            <Link to={paths.signIn} state={here}>
              Sign in first
            </Link>
            , then come back to this link. New here? Make your account below.
          </p>
          <AcceptForm token={token} signedInAs={null} />
        </>
      )}
    </div>
  );
}

function AcceptForm({ token, signedInAs }: { token: string; signedInAs: string | null }) {
  const { api, signIn } = useAuth();
  const navigate = useNavigate();
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const { errors, formError, pending, submit } = useSchemaForm(
    AcceptInviteRequestSchema,
    async (request) => {
      const accepted = await api.acceptInvite(request);
      // A new account comes with its session: sign it in as if it had signed in here.
      if (accepted.token) signIn({ token: accepted.token, user: await api.me(accepted.token) });
      navigate(paths.home, { replace: true });
    },
  );
  const accountError = (field: string) => errors[`account.${field}`];

  return (
    <form
      className="card stack"
      noValidate
      aria-label="Accept the invitation"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(signedInAs ? { token } : { token, account: { login, displayName, password } });
      }}
    >
      <ErrorMessage>{formError}</ErrorMessage>
      {signedInAs ? (
        <p>
          You are signed in as <strong>{signedInAs}</strong>; accepting adds this classroom to your
          account.
        </p>
      ) : (
        <>
          <Field
            label="Your name"
            hint="As students and teachers will see it."
            error={accountError('displayName')}
          >
            {(control) => (
              <input
                {...control}
                autoComplete="name"
                value={displayName}
                onChange={(event) => setDisplayName(event.target.value)}
              />
            )}
          </Field>
          <Field label="Choose a sign-in name" error={accountError('login')}>
            {(control) => (
              <input
                {...control}
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                value={login}
                onChange={(event) => setLogin(event.target.value)}
              />
            )}
          </Field>
          <Field
            label="Choose a password"
            hint="At least 10 characters."
            error={accountError('password')}
          >
            {(control) => (
              <input
                {...control}
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
            )}
          </Field>
        </>
      )}
      <button type="submit" className="button-primary">
        {pending ? 'Accepting…' : signedInAs ? 'Accept the invitation' : 'Make my account and join'}
      </button>
    </form>
  );
}
