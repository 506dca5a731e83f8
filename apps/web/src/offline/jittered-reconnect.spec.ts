import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { JitteredReconnect } from './jittered-reconnect';
import type { ReconnectingProvider } from './jittered-reconnect';

type CloseListener = (event: { code: number } | null) => void;
type SyncListener = (synced: boolean) => void;

/** Just enough of y-websocket's provider: the events it emits and connect(). */
class FakeProvider implements ReconnectingProvider {
  shouldConnect = true;
  ws: object | null = {};
  connects = 0;
  disconnects = 0;
  private close = new Set<CloseListener>();
  private sync = new Set<SyncListener>();

  connect(): void {
    this.shouldConnect = true;
    this.connects += 1;
  }
  disconnect(): void {
    this.shouldConnect = false;
    this.disconnects += 1;
    this.closed(null);
  }
  on(name: 'connection-close' | 'sync', listener: CloseListener | SyncListener): void {
    if (name === 'sync') this.sync.add(listener as SyncListener);
    else this.close.add(listener as CloseListener);
  }
  off(name: 'connection-close' | 'sync', listener: CloseListener | SyncListener): void {
    if (name === 'sync') this.sync.delete(listener as SyncListener);
    else this.close.delete(listener as CloseListener);
  }
  closed(code: number | null): void {
    for (const listener of this.close) listener(code === null ? null : { code });
  }
  synced(): void {
    for (const listener of this.sync) listener(true);
  }
}

const PERMANENT = 4403;
const policy = { baseMs: 1000, capMs: 8000 };

describe('reconnecting the document on a full-jitter schedule', () => {
  let provider: FakeProvider;
  let network: EventTarget;
  let reconnect: JitteredReconnect;

  beforeEach(() => {
    jest.useFakeTimers();
    provider = new FakeProvider();
    network = new EventTarget();
    // Always the top of the window, so each wait is the window itself.
    reconnect = new JitteredReconnect(
      provider,
      (c) => c === PERMANENT,
      policy,
      () => 1,
      network,
    );
  });
  afterEach(() => {
    reconnect.stop();
    jest.useRealTimers();
  });

  it('stops the provider’s own retry and connects after a growing, capped wait', () => {
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      provider.closed(1006);
      // The provider's queued retry is now a no-op.
      expect(provider.shouldConnect).toBe(false);
      const before = provider.connects;
      let waited = 0;
      while (provider.connects === before) {
        jest.advanceTimersByTime(250);
        waited += 250;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('starts again from the smallest window after a connection synced', () => {
    provider.closed(1006);
    jest.advanceTimersByTime(1000);
    provider.closed(1006);
    jest.advanceTimersByTime(2000);
    expect(provider.connects).toBe(2);
    provider.synced();
    provider.closed(1006);
    jest.advanceTimersByTime(1000);
    expect(provider.connects).toBe(3);
  });

  it('does not retry a refusal, a deliberate disconnect, or after stop()', () => {
    provider.closed(PERMANENT);
    jest.advanceTimersByTime(60_000);
    expect(provider.connects).toBe(0);

    provider.shouldConnect = false; // what provider.disconnect() does before closing
    provider.closed(null);
    jest.advanceTimersByTime(60_000);
    expect(provider.connects).toBe(0);

    provider.shouldConnect = true;
    provider.closed(1006);
    reconnect.stop();
    jest.advanceTimersByTime(60_000);
    expect(provider.connects).toBe(0);
  });

  it('brings a far-off retry forward when the network comes back, still within a window', () => {
    for (let i = 0; i < 4; i++) {
      provider.closed(1006);
      jest.advanceTimersByTime(8000);
    }
    provider.closed(1006); // next retry in 8 s
    network.dispatchEvent(new Event('online'));
    jest.advanceTimersByTime(2000);
    expect(provider.connects).toBe(5);
  });

  it('drops a socket that looks open as soon as the browser goes offline, and retries later', () => {
    network.dispatchEvent(new Event('offline'));
    expect(provider.disconnects).toBe(1);
    expect(provider.connects).toBe(0);
    jest.advanceTimersByTime(1000);
    expect(provider.connects).toBe(1);
    // Offline again with no socket (between attempts): nothing to drop.
    provider.ws = null;
    network.dispatchEvent(new Event('offline'));
    expect(provider.disconnects).toBe(1);
  });
});
