export * from './api.js';
export * from './collab.js';
export * from './errors.js';
export * from './limits.js';
export * from './socket.js';
