import { CollabDocument } from './collab.document.js';
import type { DocumentDependencies } from './collab.document.js';
import { describeError } from './collab.logger.js';

interface RegistryEntry {
  readonly docId: string;
  readonly loading: Promise<CollabDocument>;
  document: CollabDocument | null;
  /** Connections holding the doc, counted from the moment they ask for it. */
  holders: number;
  unloading: boolean;
}

/**
 * Keeps each open document in memory exactly once: loaded on its first
 * connection (concurrent first connections share the load), unloaded once its
 * last connection has left and its changes are stored.
 */
/** How often documents look for updates relayed by an instance that died before storing them. */
const ORPHAN_CHECK_MS = 1_000;

export class DocumentRegistry {
  private readonly entries = new Map<string, RegistryEntry>();
  private closed = false;
  private readonly orphanCheck: NodeJS.Timeout | null;

  constructor(private readonly deps: DocumentDependencies) {
    this.orphanCheck =
      deps.relay === undefined || deps.relay === null
        ? null
        : setInterval(() => this.adoptOrphans(), ORPHAN_CHECK_MS);
    this.orphanCheck?.unref();
  }

  /** Loaded documents, including ones still storing their last changes before unloading. */
  get size(): number {
    let loaded = 0;
    for (const entry of this.entries.values()) if (entry.document !== null) loaded += 1;
    return loaded;
  }

  get(docId: string): CollabDocument | undefined {
    return this.entries.get(docId)?.document ?? undefined;
  }

  documents(): CollabDocument[] {
    return [...this.entries.values()].flatMap((entry) =>
      entry.document === null ? [] : [entry.document],
    );
  }

  /** Every caller must `release` the doc once, and only if this resolved. */
  async acquire(docId: string): Promise<CollabDocument> {
    if (this.closed) throw new Error('The collaboration endpoint is shutting down.');
    const entry = this.entries.get(docId) ?? this.startLoading(docId);
    entry.holders += 1;
    try {
      return await entry.loading;
    } catch (error) {
      entry.holders -= 1;
      throw error;
    }
  }

  release(docId: string): void {
    const entry = this.entries.get(docId);
    if (entry === undefined) return;
    entry.holders -= 1;
    if (entry.holders === 0) void this.unload(entry);
  }

  /** Stores every document's gathered changes now; resolves once all are stored. */
  async flushAll(): Promise<void> {
    await Promise.all(this.documents().map((document) => document.flush()));
  }

  /**
   * Stores one document's gathered changes now, if it is open here (loading
   * included). Resolves to whether it was, once they are stored.
   */
  async flushDocument(docId: string): Promise<boolean> {
    const entry = this.entries.get(docId);
    if (entry === undefined) return false;
    const document = await entry.loading;
    await document.flush();
    return true;
  }

  /** Lets the store compact every document whose changes are all stored (at shutdown). */
  async compactAll(): Promise<void> {
    await Promise.all(this.documents().map((document) => document.compactStored()));
  }

  /**
   * Frees every document, stored or not: the last step of shutdown, after
   * `flushAll` had its chance. Returns how many changes were never stored.
   */
  close(): number {
    this.closed = true;
    if (this.orphanCheck !== null) clearInterval(this.orphanCheck);
    let unsaved = 0;
    for (const entry of this.entries.values()) unsaved += entry.document?.destroy() ?? 0;
    this.entries.clear();
    return unsaved;
  }

  private adoptOrphans(): void {
    for (const document of this.documents()) {
      document
        .adoptOrphans()
        .catch((error: unknown) =>
          this.deps.logger.error(
            `Could not check on the instances that relayed changes to document ${document.docId}; will try again: ${describeError(error)}`,
          ),
        );
    }
  }

  private startLoading(docId: string): RegistryEntry {
    const loading = CollabDocument.load(docId, this.deps);
    const entry: RegistryEntry = { docId, loading, document: null, holders: 0, unloading: false };
    this.entries.set(docId, entry);
    loading.then(
      (document) => {
        if (this.entries.get(docId) === entry) {
          entry.document = document;
          // Everyone who asked for it may have left while it loaded.
          if (entry.holders === 0) void this.unload(entry);
        } else {
          document.destroy();
        }
      },
      (error: unknown) => {
        this.deps.logger.error(`Could not load document ${docId}: ${describeError(error)}`);
        // Forget the failure so the next connection tries again.
        if (this.entries.get(docId) === entry) this.entries.delete(docId);
      },
    );
    return entry;
  }

  /**
   * Stores the doc's changes, then drops it if still unused. A connection that
   * arrives meanwhile simply gets the same doc back, so the unload is abandoned;
   * one that comes and goes while we store has its changes stored by the loop.
   */
  private async unload(entry: RegistryEntry): Promise<void> {
    if (entry.unloading) return;
    entry.unloading = true;
    try {
      const document = await entry.loading;
      for (;;) {
        // Before it goes, anything a dead instance left with us only is stored: no one else may hold it.
        await document.adoptOrphans(Number.POSITIVE_INFINITY);
        await document.flush();
        if (entry.holders > 0 || this.entries.get(entry.docId) !== entry) return;
        if (document.pendingChanges === 0) break;
      }
      await document.compactStored();
      // A connection may have come back while we compacted: it keeps the doc.
      if (entry.holders > 0 || this.entries.get(entry.docId) !== entry) return;
      this.entries.delete(entry.docId);
      document.destroy();
    } catch {
      // A failed load is logged where it happens; a flush only fails when shutdown stopped it.
    } finally {
      entry.unloading = false;
    }
  }
}
