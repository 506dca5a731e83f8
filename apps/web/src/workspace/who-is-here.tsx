import type { Peer } from './use-collab-doc';

export function WhoIsHere({ peers, connected }: { peers: Peer[]; connected: boolean }) {
  return (
    <section aria-labelledby="who-is-here-heading" className="card stack-sm">
      <h2 id="who-is-here-heading">Who is here</h2>
      {!connected ? (
        <p className="muted">Shown once you are connected.</p>
      ) : (
        <ul className="people" aria-labelledby="who-is-here-heading">
          {peers.map((peer) => (
            <li key={peer.id}>
              <span
                className="person-dot"
                style={{ backgroundColor: peer.color }}
                aria-hidden="true"
              />
              {peer.name}
              {peer.isSelf ? <span className="muted"> (you)</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
