import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SetGuardianSummaryRequestSchema } from '@commonplace/shared';
import { useSession } from '../auth/auth-context';
import { Field } from '../ui/field';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { useResource } from '../ui/use-resource';
import { useSchemaForm } from '../ui/use-schema-form';

/**
 * A guardian's weekly summary by email: give an address to get it, or stop it. The
 * address is kept sealed on the server; every email also carries a link that stops it.
 */
export function WeeklySummaryForm() {
  const { api, user } = useSession();
  const { t } = useTranslation('families');
  const settings = useResource(`weekly-summary:${user.id}`, () => api.guardianSummary());
  const [email, setEmail] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const current = settings.resource.status === 'ready' ? settings.resource.data : null;
  useEffect(() => {
    if (current) setEmail(current.email ?? '');
  }, [current]);
  const { errors, formError, pending, submit } = useSchemaForm(
    SetGuardianSummaryRequestSchema,
    async (body) => {
      const saved = await api.setGuardianSummary({ body });
      setStatus(saved.email ? t('summary.on', { email: saved.email }) : t('summary.off'));
      await settings.reload().catch(() => undefined);
    },
  );

  return (
    <form
      className="card stack"
      noValidate
      aria-labelledby="weekly-summary-heading"
      onSubmit={(event) => {
        event.preventDefault();
        setStatus(null);
        void submit({ email });
      }}
    >
      <h2 id="weekly-summary-heading">{t('summary.heading')}</h2>
      <p className="hint">{t('summary.explain')}</p>
      {settings.resource.status === 'loading' ? <Loading what={t('summary.loading')} /> : null}
      {settings.resource.status === 'error' ? (
        <ErrorMessage>{settings.resource.message}</ErrorMessage>
      ) : null}
      {current && !current.emailEnabled ? <p className="muted">{t('summary.disabled')}</p> : null}
      <LiveStatus className="message-success">{status}</LiveStatus>
      <ErrorMessage>{formError}</ErrorMessage>
      <Field label={t('summary.email')} error={errors.email}>
        {(control) => (
          <input
            {...control}
            type="email"
            autoComplete="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {t('summary.save')}
        </button>
        {current?.email ? (
          <button
            type="button"
            disabled={pending}
            onClick={() => {
              setStatus(null);
              setEmail('');
              void submit({ email: null });
            }}
          >
            {t('summary.stop')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
