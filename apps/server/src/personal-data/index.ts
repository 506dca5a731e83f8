export type { KeyStore, SubjectKey } from './key-store.port.js';
export { SubjectErasedError } from './key-store.port.js';
export type { OpenedField, PersonErasedData } from './personal-data-vault.js';
export {
  ERASED_TEXT,
  PERSON_ERASED,
  PersonalDataVault,
  SealedFieldUnreadableError,
  personalDataStream,
} from './personal-data-vault.js';
export { PersonalDataModule } from './personal-data.module.js';
export { KEY_STORE } from './personal-data.tokens.js';
export { SqlKeyStore } from './sql-key-store.js';
