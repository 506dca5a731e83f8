import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { LiveStatus } from '../ui/feedback';

export function JoinCodePanel({ joinCode }: { joinCode: string | null }) {
  const [copied, setCopied] = useState<string | null>(null);
  const { t } = useTranslation('classrooms');

  return (
    <section aria-labelledby="join-code-heading" className="card stack join-code-panel">
      <h2 id="join-code-heading">{t('joinCode.heading')}</h2>
      {joinCode ? (
        <>
          {/* Large, spaced and monospaced so it can be read from the back of the room. */}
          <p className="join-code">{joinCode}</p>
          <p>{t('joinCode.help')}</p>
          <div className="actions">
            <button
              type="button"
              onClick={() => {
                navigator.clipboard.writeText(joinCode).then(
                  () => setCopied(t('joinCode.copied')),
                  () => setCopied(t('joinCode.copyFailed')),
                );
              }}
            >
              {t('joinCode.copy')}
            </button>
            <LiveStatus className="inline-status">{copied}</LiveStatus>
          </div>
        </>
      ) : (
        <p>{t('joinCode.none')}</p>
      )}
    </section>
  );
}
