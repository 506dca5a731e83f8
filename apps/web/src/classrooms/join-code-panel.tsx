import { useState } from 'react';
import { LiveStatus } from '../ui/feedback';

export function JoinCodePanel({ joinCode }: { joinCode: string | null }) {
  const [copied, setCopied] = useState<string | null>(null);

  return (
    <section aria-labelledby="join-code-heading" className="card stack join-code-panel">
      <h2 id="join-code-heading">Join code</h2>
      {joinCode ? (
        <>
          {/* Large, spaced and monospaced so it can be read from the back of the room. */}
          <p className="join-code">{joinCode}</p>
          <p>Students enter this code on their home page to join this classroom.</p>
          <div className="actions">
            <button
              type="button"
              onClick={() => {
                navigator.clipboard.writeText(joinCode).then(
                  () => setCopied('Join code copied.'),
                  () => setCopied('Could not copy. Select the code and copy it yourself.'),
                );
              }}
            >
              Copy join code
            </button>
            <LiveStatus className="inline-status">{copied}</LiveStatus>
          </div>
        </>
      ) : (
        <p>No join code is available for this classroom.</p>
      )}
    </section>
  );
}
