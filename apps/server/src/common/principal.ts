import type { UserKind } from '@commonplace/shared';

/** Who a request or a socket acts for, as its verified session token says. */
export interface Principal {
  readonly userId: string;
  readonly kind: UserKind;
  /** The sign-in the token belongs to (its `sid`), when the principal came from a token. */
  readonly sessionId?: string;
}
