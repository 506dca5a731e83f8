import { COLLAB_BACKOFF, jitteredDelay } from './reconnect-backoff';
import type { BackoffPolicy } from './reconnect-backoff';

/** The part of y-websocket's WebsocketProvider this needs (a fake one in unit tests). */
export interface ReconnectingProvider {
  shouldConnect: boolean;
  /** The open (or opening) socket, null between attempts. */
  ws: unknown;
  connect(): void;
  disconnect(): void;
  on(name: 'connection-close', listener: (event: Pick<CloseEvent, 'code'> | null) => void): void;
  on(name: 'sync', listener: (synced: boolean) => void): void;
  off(name: 'connection-close', listener: (event: Pick<CloseEvent, 'code'> | null) => void): void;
  off(name: 'sync', listener: (synced: boolean) => void): void;
}

/** When the browser says the network is back, retry within this window (still jittered). */
const ONLINE_WINDOW_MS = 2000;

/**
 * Takes reconnecting away from y-websocket, whose own schedule is the same for every laptop
 * (2^n · 100 ms up to maxBackoffTime), and retries on a full-jitter schedule instead.
 *
 * On every close it turns the provider's `shouldConnect` off, which makes the retry the
 * provider already queued a no-op, then calls `connect()` itself after a random wait. Closes
 * that `isPermanent` names (and our own `disconnect()`/`destroy()`) are not retried.
 */
export class JitteredReconnect {
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dueAt = 0;
  private stopped = false;

  constructor(
    private readonly provider: ReconnectingProvider,
    private readonly isPermanent: (code: number) => boolean,
    private readonly policy: BackoffPolicy = COLLAB_BACKOFF,
    private readonly random: () => number = Math.random,
    /** Where the browser announces 'online' and 'offline'. */
    private readonly network: EventTarget = window,
  ) {
    provider.on('connection-close', this.onClose);
    provider.on('sync', this.onSync);
    network.addEventListener('online', this.onOnline);
    network.addEventListener('offline', this.onOffline);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.provider.off('connection-close', this.onClose);
    this.provider.off('sync', this.onSync);
    this.network.removeEventListener('online', this.onOnline);
    this.network.removeEventListener('offline', this.onOffline);
  }

  private readonly onClose = (event: Pick<CloseEvent, 'code'> | null) => {
    // A deliberate local disconnect has already turned shouldConnect off.
    const wanted = this.provider.shouldConnect && !(event && this.isPermanent(event.code));
    this.provider.shouldConnect = false;
    if (!wanted || this.stopped) return;
    this.schedule(jitteredDelay(this.attempt, this.policy, this.random));
    this.attempt += 1;
  };

  // A connection that synced is a success: the next outage starts from the smallest window.
  private readonly onSync = (synced: boolean) => {
    if (synced) this.attempt = 0;
  };

  // The network is back: a retry queued far in the future comes forward, still jittered.
  private readonly onOnline = () => {
    if (this.timer === undefined || this.stopped) return;
    const soon = Math.floor(this.random() * ONLINE_WINDOW_MS);
    if (Date.now() + soon < this.dueAt) this.schedule(soon);
  };

  // The browser knows the network is gone: a socket that looks open would otherwise hold
  // keystrokes for up to 30 s (y-websocket's silence watchdog) while the page says "connected".
  private readonly onOffline = () => {
    if (this.stopped || this.provider.ws === null || !this.provider.shouldConnect) return;
    this.provider.disconnect();
    this.schedule(jitteredDelay(this.attempt, this.policy, this.random));
    this.attempt += 1;
  };

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.dueAt = Date.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.provider.connect();
    }, delay);
  }
}
