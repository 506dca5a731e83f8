/** The relay to other instances (a RedisDocumentRelay), or null when REDIS_URL is unset and this instance serves alone. */
export const DOCUMENT_RELAY = Symbol('DOCUMENT_RELAY');
