import * as Y from 'yjs';

export interface TextChangeCounts {
  inserted: number;
  deleted: number;
}

export const NO_TEXT_CHANGE: TextChangeCounts = Object.freeze({ inserted: 0, deleted: 0 });

/**
 * Counts the text characters a transaction inserted and deleted (UTF-16 code
 * units, as `Y.Text` measures length). Call it from `afterTransaction`: by the
 * `update` event Yjs has garbage-collected deleted items, and their content no
 * longer says it was text.
 *
 * Only what the transaction actually changed counts: structs the doc already had
 * fall outside beforeState→afterState, and items already deleted are not in its
 * delete set, so a client re-sending its state is not credited twice.
 */
export function countTextChanges(transaction: Y.Transaction): TextChangeCounts {
  const { store } = transaction.doc;
  let inserted = 0;
  transaction.afterState.forEach((afterClock, client) => {
    const beforeClock = transaction.beforeState.get(client) ?? 0;
    const structs = store.clients.get(client);
    if (afterClock <= beforeClock || structs === undefined) return;
    for (let index = Y.findIndexSS(structs, beforeClock); index < structs.length; index++) {
      const struct = structs[index];
      if (struct === undefined || struct.id.clock >= afterClock) break;
      if (struct instanceof Y.Item && struct.content instanceof Y.ContentString) {
        const start = Math.max(struct.id.clock, beforeClock);
        const end = Math.min(struct.id.clock + struct.length, afterClock);
        inserted += end - start;
      }
    }
  });
  let deleted = 0;
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentString)
      deleted += struct.length;
  });
  return { inserted, deleted };
}
