import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** Who a connection is, as the server knows it: what its awareness states must say. */
export interface AwarenessIdentity {
  readonly userId: string;
  readonly displayName: string;
}

/** Longest colour string kept from a client (a CSS colour is far shorter). */
const MAX_COLOR_LENGTH = 32;

/**
 * Rewrites an awareness update from one connection before it is applied and
 * relayed: each state's `user` becomes the connection's own identity (id and
 * name as the server knows them; a short `color` string is kept), so no one
 * can show up as someone else. Entries for awareness client ids that another
 * connection already holds are dropped, so no one can overwrite someone
 * else's cursor. Removals (null states) pass as they are. Throws on bytes
 * that do not decode.
 */
export function stampAwarenessUpdate(
  update: Uint8Array,
  identity: AwarenessIdentity,
  heldByAnother: (clientId: number) => boolean,
): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const kept: Array<{ clientId: number; clock: number; json: string }> = [];
  for (let index = 0; index < count; index++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (heldByAnother(clientId)) continue;
    kept.push({ clientId, clock, json: stampState(json, identity) });
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const { clientId, clock, json } of kept) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}

function stampState(json: string, identity: AwarenessIdentity): string {
  const state: unknown = JSON.parse(json);
  if (state === null) return json;
  if (typeof state !== 'object' || Array.isArray(state)) {
    throw new Error('an awareness state must be an object or null');
  }
  const claimed = (state as { user?: unknown }).user;
  const color =
    typeof claimed === 'object' &&
    claimed !== null &&
    typeof (claimed as { color?: unknown }).color === 'string' &&
    (claimed as { color: string }).color.length <= MAX_COLOR_LENGTH
      ? (claimed as { color: string }).color
      : undefined;
  return JSON.stringify({
    ...state,
    user: {
      id: identity.userId,
      name: identity.displayName,
      ...(color === undefined ? {} : { color }),
    },
  });
}
