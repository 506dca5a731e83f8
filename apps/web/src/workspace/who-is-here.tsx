import { useTranslation } from 'react-i18next';
import type { Peer } from './use-collab-doc';

export function WhoIsHere({ peers, connected }: { peers: Peer[]; connected: boolean }) {
  const { t } = useTranslation('workspace');
  return (
    <section aria-labelledby="who-is-here-heading" className="card stack-sm">
      <h2 id="who-is-here-heading">{t('whoIsHere.heading')}</h2>
      {!connected ? (
        <p className="muted">{t('whoIsHere.notConnected')}</p>
      ) : (
        <ul className="people" aria-labelledby="who-is-here-heading">
          {peers.map((peer) => (
            <li key={peer.id}>
              <span
                className="person-dot"
                data-color={peer.color}
                style={{ backgroundColor: peer.color }}
                aria-hidden="true"
              >
                {peer.mark}
              </span>
              {peer.name}
              {peer.isSelf ? <span className="muted"> ({t('names.you')})</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
