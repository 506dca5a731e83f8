import { Trans, useTranslation } from 'react-i18next';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { AcceptInviteRequestSchema } from '@commonplace/shared';
import type { InvitePreview } from '@commonplace/shared';
import { paths } from '../app/paths';
import { useAuth } from '../auth/auth-context';
import type { SignInRedirectState } from '../auth/require-session';
import { ErrorMessage, Loading } from '../ui/feedback';
import { Field } from '../ui/field';
import { formatDateTime } from '../ui/format';
import { PageHeading } from '../ui/page-heading';
import { useResource } from '../ui/use-resource';
import { useSchemaForm } from '../ui/use-schema-form';

/** Where an invite link lands: what it is for, then accept it signed in or with a new account. */
export default function InvitePage() {
  const { token = '' } = useParams();
  const { api } = useAuth();
  const { t } = useTranslation('invites');
  const { resource } = useResource(`invite:${token}`, () => api.previewInvite({ body: { token } }));

  return (
    <div className="narrow">
      <PageHeading title={t('title')}>{t('heading')}</PageHeading>
      {resource.status === 'loading' ? <Loading what={t('loading')} /> : null}
      {resource.status === 'error' ? <ErrorMessage>{resource.message}</ErrorMessage> : null}
      {resource.status === 'ready' ? <Invite token={token} preview={resource.data} /> : null}
    </div>
  );
}

function Invite({ token, preview }: { token: string; preview: InvitePreview }) {
  const { session } = useAuth();
  const here: SignInRedirectState = { from: paths.invite(token) };
  const { t } = useTranslation('invites');
  if (preview.status !== 'open') {
    return (
      <p className="message message-error">
        {preview.status === 'accepted'
          ? t('used')
          : preview.status === 'expired'
            ? t('expired')
            : t('withdrawn')}{' '}
        {t('askForNew')}
      </p>
    );
  }
  return (
    <div className="stack">
      <p>
        <Trans
          t={t}
          i18nKey="join"
          values={{
            classroom: preview.classroomName,
            role: t(`role.${preview.role}`),
            when: formatDateTime(preview.expiresAt),
          }}
          components={{ strong: <strong /> }}
        />
      </p>
      {session ? (
        <AcceptForm token={token} signedInAs={session.user.displayName} />
      ) : (
        <>
          <p>
            <Trans
              t={t}
              i18nKey="haveAccount"
              components={{ signIn: <Link to={paths.signIn} state={here} /> }}
            />
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
  const { t } = useTranslation('invites');
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const { errors, formError, pending, submit } = useSchemaForm(
    AcceptInviteRequestSchema,
    async (request) => {
      const accepted = await api.acceptInvite({ body: request });
      // A new account comes with its session: sign it in as if it had signed in here.
      if (accepted.token)
        signIn({ token: accepted.token, user: await api.me({}, { token: accepted.token }) });
      navigate(paths.home, { replace: true });
    },
  );
  const accountError = (field: string) => errors[`account.${field}`];

  return (
    <form
      className="card stack"
      noValidate
      aria-label={t('accept')}
      onSubmit={(event) => {
        event.preventDefault();
        void submit(signedInAs ? { token } : { token, account: { login, displayName, password } });
      }}
    >
      <ErrorMessage>{formError}</ErrorMessage>
      {signedInAs ? (
        <p>
          <Trans
            t={t}
            i18nKey="signedInAs"
            values={{ name: signedInAs }}
            components={{ strong: <strong /> }}
          />
        </p>
      ) : (
        <>
          <Field label={t('name')} hint={t('nameHint')} error={accountError('displayName')}>
            {(control) => (
              <input
                {...control}
                autoComplete="name"
                value={displayName}
                onChange={(event) => setDisplayName(event.target.value)}
              />
            )}
          </Field>
          <Field label={t('login')} error={accountError('login')}>
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
          <Field label={t('password')} hint={t('passwordHint')} error={accountError('password')}>
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
        {pending ? t('accepting') : signedInAs ? t('accept') : t('makeAndJoin')}
      </button>
    </form>
  );
}
