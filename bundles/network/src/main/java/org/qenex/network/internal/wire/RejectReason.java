package org.qenex.network.internal.wire;

/** The reason codes of a {@code REJECT} message ({@code docs/network.md}). */
public enum RejectReason {
    PROTOCOL_VERSION(1, "unsupported protocol version"),
    WRONG_CHAIN(2, "another chain id"),
    WRONG_GENESIS(3, "another genesis block"),
    SELF_CONNECTION(4, "connected to itself"),
    DUPLICATE(5, "already connected to this node"),
    TOO_MANY_PEERS(6, "no free inbound slot"),
    BANNED(7, "banned"),
    OTHER(255, "other");

    private final int code;
    private final String text;

    RejectReason(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    /** The reason for a code; {@link #OTHER} for a code this version does not know. */
    public static RejectReason of(int code) {
        for (RejectReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        return OTHER;
    }
}
