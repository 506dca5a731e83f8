import { createHash } from 'node:crypto';

/**
 * The change id under which a relayed update is stored when its origin died
 * before storing it: derived from the origin and its sequence number, so every
 * surviving instance that adopts it names it alike and the store keeps one.
 */
export function relayedChangeId(origin: string, seq: number): string {
  const hex = createHash('sha256').update(`collab-relay:${origin}:${seq}`).digest('hex');
  // Shaped as a version-8 (custom) RFC 9562 UUID, which the event store's uuid column takes.
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
