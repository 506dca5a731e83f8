import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { JitteredReconnect } from './jittered-reconnect';
import { COLLAB_BACKOFF } from './reconnect-backoff';
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

describe('a school’s Wi-Fi coming back for 30 laptops at once', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  /**
   * Every laptop loses its connection at 0 and retries (failing) until the Wi-Fi is back at
   * 30 s, when the browser fires 'online'. Returns when each laptop's first successful connect
   * reached the server, in ms after the Wi-Fi came back.
   */
  function arrivals(random: () => number): number[] {
    const WIFI_BACK = 30_000;
    const network = new EventTarget();
    const arrived: number[] = [];
    const controllers = Array.from({ length: 30 }, () => {
      const provider = new FakeProvider();
      provider.connect = () => {
        provider.shouldConnect = true;
        if (Date.now() < WIFI_BACK) {
          // Offline: the attempt fails at once, as Chromium's does.
          setTimeout(() => provider.closed(1006), 0);
        } else if (arrived.length < 30 && provider.connects++ === 0) {
          arrived.push(Date.now() - WIFI_BACK);
        }
      };
      const controller = new JitteredReconnect(
        provider,
        () => false,
        COLLAB_BACKOFF,
        random,
        network,
      );
      provider.closed(1006);
      return controller;
    });
    jest.advanceTimersByTime(WIFI_BACK);
    network.dispatchEvent(new Event('online'));
    jest.advanceTimersByTime(COLLAB_BACKOFF.capMs * 2);
    controllers.forEach((controller) => controller.stop());
    return arrived.sort((a, b) => a - b);
  }

  function busiestSecond(times: number[]): number {
    return Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
  }

  /** A seeded generator (mulberry32): random-looking draws, the same on every run. */
  function seeded(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
  }

  it('spreads the reconnects out instead of sending them all in the same instant', () => {
    const spread = arrivals(seeded(7));
    expect(spread).toHaveLength(30);
    // All within the online window, and no second carries more than about two thirds of them.
    expect(spread[29]).toBeLessThanOrEqual(2000);
    expect(busiestSecond(spread)).toBeLessThan(25);
    expect(new Set(spread).size).toBeGreaterThan(20);

    // Without jitter (every laptop drawing the same number) they would all arrive together:
    // the storm this guards against.
    const storm = arrivals(() => 0.7);
    expect(new Set(storm).size).toBe(1);
  });
});
