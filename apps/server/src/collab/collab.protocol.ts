import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/** Top-level message types of the y-websocket protocol (the stock client hard-codes these numbers). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;

/** Sub-types of a sync message, from y-protocols. */
export const SyncStep = {
  step1: syncProtocol.messageYjsSyncStep1,
  step2: syncProtocol.messageYjsSyncStep2,
  update: syncProtocol.messageYjsUpdate,
} as const;

/** A frame that does not follow the protocol; the connection that sent it is closed. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** `stateVector` is what the peer already has; it receives only the rest. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

/** Sync step 2 carrying `update` as it is: for a peer that has nothing, a stored snapshot is the whole doc. */
export function encodeSyncStep2Of(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, SyncStep.step2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Whether a state vector says its holder has nothing yet (a fresh client); false when it does not decode. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(stateVector);
    return decoding.readVarUint(decoder) === 0 && !decoding.hasContent(decoder);
  } catch {
    return false;
  }
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(
  awareness: awarenessProtocol.Awareness,
  clientIds: number[],
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(
    encoder,
    awarenessProtocol.encodeAwarenessUpdate(awareness, clientIds),
  );
  return encoding.toUint8Array(encoder);
}

export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  authProtocol.writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/**
 * Consumes a client-sent auth frame. The stock client never sends one; reading it
 * keeps the frames after it in the same message decodable.
 */
export function skipAuthMessage(decoder: decoding.Decoder): void {
  const kind = decoding.readVarUint(decoder);
  if (kind !== authProtocol.messagePermissionDenied) {
    throw new MalformedMessageError(`unknown auth message ${kind}`);
  }
  decoding.readVarString(decoder);
}
