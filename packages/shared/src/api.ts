// The contracts are split by area under ./api/; this keeps `./api.js` imports working.
export * from './api/index.js';
