export { CollabEndpoint, attach } from './collab.endpoint.js';
export type { CollabEndpointOptions, CollabMetrics } from './collab.endpoint.js';
export { CollabConnection } from './collab.connection.js';
export { CollabDocument } from './collab.document.js';
export { DocumentRegistry } from './document.registry.js';
export { WindowBeat, systemClock, untilWindowEnds } from './window.beat.js';
export type { Clock, WindowBeatOptions } from './window.beat.js';
export { countTextChanges } from './text-change.counter.js';
export type {
  AttributedChange,
  AuthorizeResult,
  CloseSpec,
  CollabAuthorizer,
  CollabLimits,
  CollabLogger,
  CollabMeter,
  CollabPrincipal,
  DocumentPersistence,
  PresenceListener,
  RefusalReason,
} from './collab.types.js';
