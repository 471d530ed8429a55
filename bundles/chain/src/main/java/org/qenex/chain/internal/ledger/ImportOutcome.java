package org.qenex.chain.internal.ledger;

/** What importing a valid block did. */
public enum ImportOutcome {
    /** It extends the head. */
    EXTENDED,
    /** It is stored on a side branch that is not better than the main chain. */
    SIDE_BRANCH,
    /** Its branch became the main chain. */
    REORGANISED,
    /** It was stored already. */
    ALREADY_KNOWN
}
