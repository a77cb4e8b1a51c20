/** What became of an alert: the answer its sender gets, whoever builds it. */
export type AlertOutcome =
  /** A lockdown request exists for the alert: created now, or earlier for the same incident. */
  | {
      readonly kind: 'accepted';
      readonly requestId: string;
      /** A link to the card in Teams, when the bot knows one. */
      readonly cardUrl?: string;
      /** True when the request already existed (a retried or repeated alert). */
      readonly existing: boolean;
    }
  /** The bot cannot post in the alert channel yet (it has never seen it). */
  | { readonly kind: 'no-conversation'; readonly message: string }
  /** No request was made (every user left out); each problem a sentence for the sender. */
  | { readonly kind: 'refused'; readonly problems: readonly string[] };
