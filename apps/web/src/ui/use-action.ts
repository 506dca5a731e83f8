import { useState } from 'react';
import { messageOf } from '../api/api-error';

export interface Action {
  /** Which action is running (by the key given to `run`), or null. */
  pending: string | null;
  /** What went wrong, said for a person. */
  error: string | null;
  /** What went right, for the page's live region. */
  done: string | null;
  /** Runs `command` once (a second run while one is pending is ignored), then reports `success`. */
  run(key: string, command: () => Promise<unknown>, success: string): Promise<boolean>;
}

/** One-click commands (mark reached, submit, lock): send once, say what happened. */
export function useAction(): Action {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function run(key: string, command: () => Promise<unknown>, success: string) {
    if (pending) return false;
    setPending(key);
    setError(null);
    setDone(null);
    try {
      await command();
      setDone(success);
      return true;
    } catch (err) {
      setError(messageOf(err));
      return false;
    } finally {
      setPending(null);
    }
  }

  return { pending, error, done, run };
}
