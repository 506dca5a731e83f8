/** Injection tokens for the infrastructure the store module provides. */
export const SQL_DATABASE = Symbol('SQL_DATABASE');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const SESSION_KEY = Symbol('SESSION_KEY');
