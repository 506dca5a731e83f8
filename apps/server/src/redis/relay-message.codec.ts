import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { CatchUp, RelayedUpdate } from '../collab/collab.types.js';

/** What instances say to each other on a document's channel; every message names its sender. */
export type RelayMessage =
  | { kind: 'update'; update: RelayedUpdate }
  | { kind: 'awareness'; origin: string; update: Uint8Array }
  | { kind: 'stored'; origin: string; seqs: readonly number[] }
  | { kind: 'catch-up-request'; origin: string; stateVector: Uint8Array }
  | { kind: 'catch-up'; origin: string; to: string; catchUp: CatchUp };

const KIND = {
  update: 1,
  awareness: 2,
  stored: 3,
  'catch-up-request': 4,
  'catch-up': 5,
} as const satisfies Record<RelayMessage['kind'], number>;

/** Bumped on any change to the layout, so instances of different versions ignore each other loudly. */
const VERSION = 1;

export function encodeRelayMessage(message: RelayMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, VERSION);
  encoding.writeVarUint(encoder, KIND[message.kind]);
  switch (message.kind) {
    case 'update': {
      const { origin, seq, authorId, inserted, deleted, update } = message.update;
      encoding.writeVarString(encoder, origin);
      encoding.writeVarUint(encoder, seq);
      encoding.writeVarString(encoder, authorId);
      encoding.writeVarUint(encoder, inserted);
      encoding.writeVarUint(encoder, deleted);
      encoding.writeVarUint8Array(encoder, update);
      break;
    }
    case 'awareness':
      encoding.writeVarString(encoder, message.origin);
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'stored':
      encoding.writeVarString(encoder, message.origin);
      encoding.writeVarUint(encoder, message.seqs.length);
      for (const seq of message.seqs) encoding.writeVarUint(encoder, seq);
      break;
    case 'catch-up-request':
      encoding.writeVarString(encoder, message.origin);
      encoding.writeVarUint8Array(encoder, message.stateVector);
      break;
    case 'catch-up':
      encoding.writeVarString(encoder, message.origin);
      encoding.writeVarString(encoder, message.to);
      encoding.writeVarUint8Array(encoder, message.catchUp.update);
      // An empty array stands for "no awareness": a real awareness update is never empty.
      encoding.writeVarUint8Array(encoder, message.catchUp.awareness ?? new Uint8Array(0));
      break;
  }
  return encoding.toUint8Array(encoder);
}

/** Throws on anything that is not a message of this version. */
export function decodeRelayMessage(bytes: Uint8Array): RelayMessage {
  const decoder = decoding.createDecoder(bytes);
  const version = decoding.readVarUint(decoder);
  if (version !== VERSION) throw new Error(`relay message version ${version}, expected ${VERSION}`);
  const kind = decoding.readVarUint(decoder);
  const origin = decoding.readVarString(decoder);
  switch (kind) {
    case KIND.update: {
      const seq = decoding.readVarUint(decoder);
      const authorId = decoding.readVarString(decoder);
      const inserted = decoding.readVarUint(decoder);
      const deleted = decoding.readVarUint(decoder);
      const update = decoding.readVarUint8Array(decoder);
      return { kind: 'update', update: { origin, seq, authorId, inserted, deleted, update } };
    }
    case KIND.awareness:
      return { kind: 'awareness', origin, update: decoding.readVarUint8Array(decoder) };
    case KIND.stored: {
      const count = decoding.readVarUint(decoder);
      const seqs: number[] = [];
      for (let i = 0; i < count; i += 1) seqs.push(decoding.readVarUint(decoder));
      return { kind: 'stored', origin, seqs };
    }
    case KIND['catch-up-request']:
      return { kind: 'catch-up-request', origin, stateVector: decoding.readVarUint8Array(decoder) };
    case KIND['catch-up']: {
      const to = decoding.readVarString(decoder);
      const update = decoding.readVarUint8Array(decoder);
      const awareness = decoding.readVarUint8Array(decoder);
      return {
        kind: 'catch-up',
        origin,
        to,
        catchUp: { update, awareness: awareness.byteLength === 0 ? null : awareness },
      };
    }
    default:
      throw new Error(`unknown relay message kind ${kind}`);
  }
}
