/** The Yjs wire libraries the load generator speaks, at the versions the server runs. */
export { WebSocket, WebSocketServer } from 'ws';
export type { RawData } from 'ws';
export * as Y from 'yjs';
export * as syncProtocol from 'y-protocols/sync';
export * as encoding from 'lib0/encoding';
export * as decoding from 'lib0/decoding';
