package org.qenex.chain.internal.tx;

/** What a transaction does; the byte is its type field in the encoding. */
public enum TransactionKind {
    /** Moves {@code amount} from the sender to the recipient. */
    TRANSFER(1),
    /** Makes the parent account the sender's parent; signed by both. */
    SET_PARENT(2);

    private final int code;

    TransactionKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static TransactionKind ofCode(int code) {
        for (TransactionKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        return null;
    }
}
