import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { SignInRequestSchema, StudentSignInRequestSchema } from '@commonplace/shared';
import { ErrorMessage, LiveStatus } from '../ui/feedback';
import { Field } from '../ui/field';
import { useSchemaForm } from '../ui/use-schema-form';
import { PageHeading } from '../ui/page-heading';
import { useAuth } from './auth-context';
import type { SignInRedirectState } from './require-session';

export default function SignInPage() {
  const { session, api, notice, signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as SignInRedirectState | null)?.from ?? '/';
  const { t } = useTranslation('auth');

  const [mode, setMode] = useState<'password' | 'card'>('password');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  // Shared unless the person says otherwise: a session left behind on a classroom computer
  // opens a child's work to the next person, while answering "no" costs one click.
  const [shared, setShared] = useState(true);
  const { errors, formError, pending, submit } = useSchemaForm(
    SignInRequestSchema,
    async (request) => {
      signIn(await api.signIn({ body: request }), shared ? 'tab' : 'device');
      navigate(from, { replace: true });
    },
  );

  const card = useSchemaForm(StudentSignInRequestSchema, async (request) => {
    signIn(await api.studentSignIn({ body: request }));
    navigate(from, { replace: true });
  });
  const [classCode, setClassCode] = useState('');
  const [secret, setSecret] = useState('');

  if (session && !pending && !card.pending) return <Navigate to={from} replace />;

  return (
    <div className="narrow">
      <PageHeading title={t('title')}>{t('heading')}</PageHeading>
      <LiveStatus>{notice}</LiveStatus>
      <fieldset className="sign-in-mode">
        <legend>{t('mode.legend')}</legend>
        <div className="choice">
          <input
            type="radio"
            id="mode-password"
            name="sign-in-mode"
            checked={mode === 'password'}
            onChange={() => setMode('password')}
          />
          <label htmlFor="mode-password">{t('mode.password')}</label>
        </div>
        <div className="choice">
          <input
            type="radio"
            id="mode-card"
            name="sign-in-mode"
            checked={mode === 'card'}
            onChange={() => setMode('card')}
          />
          <label htmlFor="mode-card">{t('mode.card')}</label>
        </div>
      </fieldset>
      {mode === 'password' ? (
        <form
          className="card stack"
          noValidate
          aria-label={t('form.password')}
          onSubmit={(event) => {
            event.preventDefault();
            void submit({ login, password });
          }}
        >
          <ErrorMessage>{formError}</ErrorMessage>
          <Field label={t('login')} error={errors.login}>
            {(control) => (
              <input
                {...control}
                name="login"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                value={login}
                onChange={(event) => setLogin(event.target.value)}
              />
            )}
          </Field>
          <Field label={t('password')} error={errors.password}>
            {(control) => (
              <input
                {...control}
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
            )}
          </Field>
          <fieldset className="sign-in-mode">
            <legend>{t('shared.legend')}</legend>
            <div className="choice">
              <input
                type="radio"
                id="shared-yes"
                name="shared-computer"
                checked={shared}
                onChange={() => setShared(true)}
              />
              <label htmlFor="shared-yes">{t('shared.yes')}</label>
            </div>
            <div className="choice">
              <input
                type="radio"
                id="shared-no"
                name="shared-computer"
                checked={!shared}
                onChange={() => setShared(false)}
              />
              <label htmlFor="shared-no">{t('shared.no')}</label>
            </div>
          </fieldset>
          <button type="submit" className="button-primary">
            {pending ? t('signingIn') : t('signIn')}
          </button>
        </form>
      ) : (
        <form
          className="card stack"
          noValidate
          aria-label={t('form.card')}
          onSubmit={(event) => {
            event.preventDefault();
            void card.submit({ classCode, secret });
          }}
        >
          <ErrorMessage>{card.formError}</ErrorMessage>
          <Field label={t('classCode')} hint={t('classCodeHint')} error={card.errors.classCode}>
            {(control) => (
              <input
                {...control}
                name="classCode"
                className="input-code"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                value={classCode}
                onChange={(event) => setClassCode(event.target.value)}
              />
            )}
          </Field>
          <Field label={t('secret')} hint={t('secretHint')} error={card.errors.secret}>
            {(control) => (
              <input
                {...control}
                name="secret"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                value={secret}
                onChange={(event) => setSecret(event.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button-primary">
            {card.pending ? t('signingIn') : t('signInWithCard')}
          </button>
        </form>
      )}
      <p className="hint">{t('forgot')}</p>
    </div>
  );
}
