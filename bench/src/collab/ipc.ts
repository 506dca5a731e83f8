/** Messages between the load generator and a server child process. */
export type ChildCommand =
  | {
      readonly type: 'setup';
      readonly docCounts: readonly number[];
      readonly clientsPerDoc: number;
      readonly password: string;
    }
  /** Collect garbage, then report RSS: memory held, not garbage not yet collected. */
  | { readonly type: 'memory' }
  | { readonly type: 'stop' };

export interface SetupResult {
  /** Per level (in docCounts order): its documents and the logins of their members. */
  readonly levels: readonly (readonly {
    readonly docId: string;
    readonly logins: readonly string[];
  }[])[];
}

/** KB, read right after full garbage collections. */
export interface ServerMemory {
  readonly rssKb: number;
  /** Live objects: V8 heap in use plus memory outside it (buffers); unlike RSS, free of pages V8 keeps. */
  readonly liveKb: number;
}

export type ChildReply =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'setup-done'; readonly result: SetupResult }
  | { readonly type: 'memory'; readonly memory: ServerMemory }
  | { readonly type: 'error'; readonly message: string };
