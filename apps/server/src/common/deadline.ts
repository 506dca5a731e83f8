/** setTimeout's longest delay (about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `then` once the wall clock reaches `at` (epoch milliseconds), however
 * far away: a session may last up to 30 days, past what one timer can wait.
 * The timer never keeps the process alive. Returns a function that cancels it.
 */
export function atDeadline(at: number, then: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const arm = (): void => {
    const wait = at - Date.now();
    if (wait <= 0) {
      then();
      return;
    }
    timer = setTimeout(
      () => {
        if (!cancelled) arm();
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    timer.unref();
  };
  arm();
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
