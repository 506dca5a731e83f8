import { WORKSPACE_FRAGMENT, WORKSPACE_TEXT } from '@commonplace/shared';
import * as Y from 'yjs';

/** One stored change to replay: its Yjs update and who wrote it. */
export interface ReplayChange {
  readonly revision: number;
  readonly authorId: string;
  readonly update: Uint8Array;
  readonly inserted: number;
  readonly deleted: number;
}

/** A run of characters written by one author (null: a Yjs client no change names). */
export interface AuthoredRun {
  readonly text: string;
  readonly authorId: string | null;
  /** Set on text deleted by then (shown struck through): who deleted it (null: unknown). */
  readonly deletedBy?: string | null;
}

/** Which deleted text to show: what changes `from` (inclusive) to the point shown deleted. */
export interface DeletionWindow {
  readonly from: number;
}

/** One line of the document (a paragraph, heading or list item), as runs of authored text. */
export type AuthoredLine = readonly AuthoredRun[];

export interface AuthorTotals {
  readonly inserted: number;
  readonly deleted: number;
  readonly changes: number;
}

/**
 * Replays a document change by change, fast enough to scrub: a full state is kept every
 * `checkpointEvery` changes, so the document after any change is one checkpoint plus at
 * most `checkpointEvery - 1` updates, never a replay from empty. Each character is
 * attributed through the Yjs client id of the item holding it: every client id is mapped
 * to the author of the first change that carries structs from it.
 */
export class ReplayEngine {
  private readonly checkpoints: Uint8Array[] = [];
  private readonly authorOfClient = new Map<number, string>();
  /** Per Yjs client, the clock ranges each change deleted, in the order they were deleted. */
  private readonly deletions = new Map<
    number,
    Array<{ clock: number; end: number; change: number }>
  >();
  private last: { count: number; from: number | null; lines: AuthoredLine[] } | null = null;
  /** The document at the last position shown: dragging forward applies only the changes between. */
  private cursor: { count: number; doc: Y.Doc } | null = null;

  constructor(
    readonly changes: readonly ReplayChange[],
    readonly checkpointEvery = 100,
  ) {
    if (!Number.isInteger(checkpointEvery) || checkpointEvery < 1) {
      throw new RangeError('checkpointEvery must be a whole number of at least 1.');
    }
    // gc off: deleted items must stay in the checkpoints exactly as a from-empty replay keeps them.
    const doc = new Y.Doc({ gc: false });
    this.checkpoints.push(Y.encodeStateAsUpdate(doc));
    changes.forEach((change, index) => {
      const decoded = Y.decodeUpdate(change.update);
      for (const struct of decoded.structs) {
        if (!this.authorOfClient.has(struct.id.client)) {
          this.authorOfClient.set(struct.id.client, change.authorId);
        }
      }
      for (const [client, ranges] of decoded.ds.clients) {
        const list = this.deletions.get(client) ?? [];
        for (const range of ranges) {
          list.push({ clock: range.clock, end: range.clock + range.len, change: index });
        }
        this.deletions.set(client, list);
      }
      Y.applyUpdate(doc, change.update);
      if ((index + 1) % checkpointEvery === 0) this.checkpoints.push(Y.encodeStateAsUpdate(doc));
    });
    doc.destroy();
  }

  get length(): number {
    return this.changes.length;
  }

  /** Who wrote the structs of a Yjs client, or null when no change carries it. */
  authorOfClientId(clientId: number): string | null {
    return this.authorOfClient.get(clientId) ?? null;
  }

  /** The change (by index) that first deleted a character, or null when none did. */
  deletingChange(clientId: number, clock: number): number | null {
    let first: number | null = null;
    for (const range of this.deletions.get(clientId) ?? []) {
      if (clock >= range.clock && clock < range.end && (first === null || range.change < first)) {
        first = range.change;
      }
    }
    return first;
  }

  /**
   * The document after the first `count` changes (0: empty), as lines of authored runs;
   * with `deleted`, the text changes from `deleted.from` on deleted is kept in its place,
   * marked with who deleted it. The last answer is kept: a slider that re-renders on the
   * same value does no work.
   */
  linesAfter(count: number, deleted?: DeletionWindow): AuthoredLine[] {
    const target = clampCount(count, this.changes.length);
    const from = deleted ? clampCount(deleted.from, this.changes.length) : null;
    if (this.last?.count === target && this.last.from === from) return this.last.lines;
    const doc = this.cursorAt(target);
    const showDeleted =
      from === null
        ? undefined
        : (client: number, clock: number): string | null | false => {
            const change = this.deletingChange(client, clock);
            if (change === null || change < from || change >= target) return false;
            return this.changes[change]?.authorId ?? null;
          };
    const lines = authoredLinesOf(doc, (client) => this.authorOfClientId(client), showDeleted);
    this.last = { count: target, from, lines };
    return lines;
  }

  /** Lets go of the document kept for scrubbing (when the view closes). */
  dispose(): void {
    this.cursor?.doc.destroy();
    this.cursor = null;
    this.last = null;
  }

  /**
   * Moves the kept document to `target`: forward by less than a checkpoint's worth of
   * changes it applies only those; otherwise (backwards, or far ahead) it starts again
   * from the nearest checkpoint.
   */
  private cursorAt(target: number): Y.Doc {
    const cursor = this.cursor;
    if (cursor !== null && cursor.count <= target && target - cursor.count < this.checkpointEvery) {
      this.applyChanges(cursor.doc, cursor.count, target);
      cursor.count = target;
      return cursor.doc;
    }
    cursor?.doc.destroy();
    const doc = this.docAfter(target);
    this.cursor = { count: target, doc };
    return doc;
  }

  private applyChanges(doc: Y.Doc, from: number, to: number): void {
    Y.transact(doc, () => {
      for (let index = from; index < to; index++) {
        const change = this.changes[index];
        if (change !== undefined) Y.applyUpdate(doc, change.update);
      }
    });
  }

  /** A fresh Y.Doc holding the document after the first `count` changes; the caller destroys it. */
  docAfter(count: number): Y.Doc {
    const target = clampCount(count, this.changes.length);
    const checkpoint = Math.floor(target / this.checkpointEvery);
    const doc = new Y.Doc({ gc: false });
    const base = this.checkpoints[checkpoint];
    if (base !== undefined) Y.applyUpdate(doc, base);
    this.applyChanges(doc, checkpoint * this.checkpointEvery, target);
    return doc;
  }

  /** Characters inserted and deleted per author by changes `from` (inclusive) to `to` (exclusive). */
  totals(from: number, to: number): Map<string, AuthorTotals> {
    const start = clampCount(Math.min(from, to), this.changes.length);
    const end = clampCount(Math.max(from, to), this.changes.length);
    const totals = new Map<string, AuthorTotals>();
    for (let index = start; index < end; index++) {
      const change = this.changes[index];
      if (change === undefined) continue;
      const sum = totals.get(change.authorId) ?? { inserted: 0, deleted: 0, changes: 0 };
      totals.set(change.authorId, {
        inserted: sum.inserted + change.inserted,
        deleted: sum.deleted + change.deleted,
        changes: sum.changes + 1,
      });
    }
    return totals;
  }

  /** How many changes to replay to stand at `revision` (the changes at or before it). */
  countAtRevision(revision: number): number {
    let low = 0;
    let high = this.changes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.changes[middle]?.revision ?? Infinity) <= revision) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function clampCount(count: number, length: number): number {
  if (!Number.isFinite(count)) return length;
  return Math.max(0, Math.min(length, Math.trunc(count)));
}

/** The plain text of authored lines (live text only), one line per block: what a from-empty replay must equal. */
export function textOfLines(lines: readonly AuthoredLine[]): string {
  return lines
    .map((line) =>
      line
        .filter((run) => run.deletedBy === undefined)
        .map((run) => run.text)
        .join(''),
    )
    .join('\n');
}

/**
 * The rich-text fragment the editor writes, block by block (or the older plain Y.Text when
 * the fragment is empty), each block's characters grouped into runs by author. Walks the
 * Yjs items directly: the client id of each live item names its writer.
 */
/**
 * Whether a deleted character (by its Yjs id) is shown, and who deleted it: false hides it.
 */
export type DeletedShown = (clientId: number, clock: number) => string | null | false;

export function authoredLinesOf(
  doc: Y.Doc,
  authorOf: (clientId: number) => string | null,
  deleted?: DeletedShown,
): AuthoredLine[] {
  const fragment = doc.getXmlFragment(WORKSPACE_FRAGMENT);
  const lines: AuthoredLine[] = [];
  if (fragment.length === 0) {
    const text = doc.getText(WORKSPACE_TEXT);
    if (text.length === 0) return lines;
    const runs: AuthoredRun[] = [];
    appendRuns(text, authorOf, runs, deleted);
    for (const line of splitLines(runs)) lines.push(line);
    return lines;
  }
  collectLines(fragment, authorOf, lines, deleted);
  return lines;
}

function collectLines(
  parent: Y.XmlFragment | Y.XmlElement,
  authorOf: (clientId: number) => string | null,
  lines: AuthoredLine[],
  deleted: DeletedShown | undefined,
): void {
  const children = parent.toArray();
  const isTextBlock =
    parent instanceof Y.XmlElement &&
    (children.length === 0 || children.some((child) => child instanceof Y.XmlText));
  if (isTextBlock) {
    const runs: AuthoredRun[] = [];
    for (const child of children) {
      if (child instanceof Y.XmlText) appendRuns(child, authorOf, runs, deleted);
      else if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') {
        pushRun(runs, '\n', null);
      }
    }
    lines.push(...splitLines(runs));
    return;
  }
  for (const child of children) {
    if (child instanceof Y.XmlElement) collectLines(child, authorOf, lines, deleted);
    else if (child instanceof Y.XmlText) {
      const runs: AuthoredRun[] = [];
      appendRuns(child, authorOf, runs, deleted);
      lines.push(...splitLines(runs));
    }
  }
}

/**
 * String content of a text type, item by item, merged into runs by author: the live text,
 * and the deleted text `deleted` asks for, character by character (one deleted item may
 * hold characters deleted by different changes).
 */
function appendRuns(
  text: Y.Text,
  authorOf: (clientId: number) => string | null,
  runs: AuthoredRun[],
  deleted?: DeletedShown,
): void {
  for (let item = text._start; item !== null; item = item.right) {
    if (!(item.content instanceof Y.ContentString)) continue;
    const writer = authorOf(item.id.client);
    if (!item.deleted) {
      pushRun(runs, item.content.str, writer);
      continue;
    }
    if (deleted === undefined) continue;
    const str = item.content.str;
    for (let offset = 0; offset < str.length; offset++) {
      const by = deleted(item.id.client, item.id.clock + offset);
      if (by !== false) pushRun(runs, str[offset] ?? '', writer, by);
    }
  }
}

function pushRun(
  runs: AuthoredRun[],
  text: string,
  authorId: string | null,
  deletedBy?: string | null,
): void {
  const previous = runs.at(-1);
  if (
    previous !== undefined &&
    previous.authorId === authorId &&
    previous.deletedBy === deletedBy
  ) {
    runs[runs.length - 1] = { ...previous, text: previous.text + text };
  } else {
    runs.push(deletedBy === undefined ? { text, authorId } : { text, authorId, deletedBy });
  }
}

/** Line breaks inside runs (plain text, hard breaks) start new lines. */
function splitLines(runs: readonly AuthoredRun[]): AuthoredLine[] {
  const lines: AuthoredRun[][] = [[]];
  for (const run of runs) {
    const parts = run.text.split('\n');
    parts.forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part.length > 0) lines.at(-1)?.push({ ...run, text: part });
    });
  }
  return lines;
}
