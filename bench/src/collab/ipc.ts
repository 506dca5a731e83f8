/** Messages between the load generator and a server child process. */
export type ChildCommand =
  | {
      readonly type: 'setup';
      readonly docCounts: readonly number[];
      readonly clientsPerDoc: number;
      readonly password: string;
    }
  | { readonly type: 'stop' };

export interface SetupResult {
  /** Per level (in docCounts order): its documents and the logins of their members. */
  readonly levels: readonly (readonly {
    readonly docId: string;
    readonly logins: readonly string[];
  }[])[];
}

export type ChildReply =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'setup-done'; readonly result: SetupResult }
  | { readonly type: 'error'; readonly message: string };
