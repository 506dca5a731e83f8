import { useCallback, useSyncExternalStore } from 'react';
import { DEFAULT_SETTINGS, SETTINGS_KEY, documentAttributes, parseSettings } from './settings';
import type { Settings } from './settings';

/*
 * One store for the whole app: the layout's panel writes it, charts read whether to animate,
 * and <html> carries the result so plain CSS does the rest.
 */

const listeners = new Set<() => void>();
let current: Settings = read();

function read(): Settings {
  try {
    return parseSettings(globalThis.localStorage?.getItem(SETTINGS_KEY) ?? null);
  } catch {
    // Storage can be blocked (private mode, policy); the defaults still work.
    return DEFAULT_SETTINGS;
  }
}

/** Puts the settings on <html>: the stylesheet keys on these attributes and on font-size. */
export function applySettings(settings: Settings = current): void {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  for (const [name, value] of Object.entries(documentAttributes(settings))) {
    root.setAttribute(name, value);
  }
  root.style.fontSize = `${settings.textSize}%`;
}

export function saveSettings(next: Settings): void {
  current = next;
  try {
    globalThis.localStorage?.setItem(SETTINGS_KEY, JSON.stringify(next));
  } catch {
    // Not remembered on this device, but applied for this visit.
  }
  applySettings(next);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changed them: follow, so two tabs never disagree.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== SETTINGS_KEY) return;
    current = read();
    applySettings(current);
    listener();
  };
  globalThis.addEventListener?.('storage', onStorage);
  return () => {
    listeners.delete(listener);
    globalThis.removeEventListener?.('storage', onStorage);
  };
}

export function useSettings(): [Settings, (change: Partial<Settings>) => void] {
  const settings = useSyncExternalStore(
    subscribe,
    () => current,
    () => current,
  );
  const update = useCallback(
    (change: Partial<Settings>) => saveSettings({ ...current, ...change }),
    [],
  );
  return [settings, update];
}

const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';

function subscribeMotion(listener: () => void): () => void {
  const query = globalThis.matchMedia?.(REDUCED_MOTION_QUERY);
  query?.addEventListener('change', listener);
  const unsubscribe = subscribe(listener);
  return () => {
    query?.removeEventListener('change', listener);
    unsubscribe();
  };
}

/** True when nothing should move: the person asked here, or their system asks for less motion. */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribeMotion,
    () =>
      current.motion === 'reduce' || globalThis.matchMedia?.(REDUCED_MOTION_QUERY).matches === true,
    () => current.motion === 'reduce',
  );
}
