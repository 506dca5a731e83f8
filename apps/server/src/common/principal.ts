import type { UserKind } from '@commonplace/shared';

/** Who a request or a socket acts for, as its verified session token says. */
export interface Principal {
  readonly userId: string;
  readonly kind: UserKind;
}
