import { Module } from '@nestjs/common';
import type { SqlDatabase } from '../database/sql-database.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { EVENT_STORE, SQL_DATABASE } from '../store/store.tokens.js';
import type { KeyStore } from './key-store.port.js';
import { PersonalDataVault } from './personal-data-vault.js';
import { KEY_STORE } from './personal-data.tokens.js';
import { SqlKeyStore } from './sql-key-store.js';

/**
 * Import this module to seal personal fields before they go into events and
 * to open them in projections: inject PersonalDataVault.
 */
@Module({
  providers: [
    {
      provide: KEY_STORE,
      useFactory: (db: SqlDatabase): Promise<KeyStore> => SqlKeyStore.open(db),
      inject: [SQL_DATABASE],
    },
    {
      provide: PersonalDataVault,
      useFactory: (keys: KeyStore, events: EventStore) => new PersonalDataVault(keys, events),
      inject: [KEY_STORE, EVENT_STORE],
    },
  ],
  exports: [KEY_STORE, PersonalDataVault],
})
export class PersonalDataModule {}
