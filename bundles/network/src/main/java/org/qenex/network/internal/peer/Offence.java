package org.qenex.network.internal.peer;

/**
 * What lowers a host's score, and by how much ({@code docs/network.md}, "Peer scoring"). A host
 * starts at 100 and is banned at 0; it regains one point every 10 seconds.
 */
public enum Offence {
    /** A frame longer than the limit: no honest peer sends one, banned at once. */
    OVERSIZED_FRAME(100, "oversized frame"),
    /** Bytes that are not TLS, or a frame that is not a well-formed message. */
    MALFORMED_FRAME(50, "malformed frame"),
    /** A message other than the handshake's before the handshake completed. */
    UNAUTHENTICATED_MESSAGE(50, "message before the handshake"),
    /** A handshake signature that does not verify. */
    BAD_SIGNATURE(100, "bad handshake signature"),
    /** More messages in one second than the limit; counted once per second. */
    FLOOD(20, "message flood"),
    /** A block its verdict calls INVALID, or one that is not the block its hash names. */
    INVALID_BLOCK(100, "invalid block"),
    /** A transaction that breaks a rule no honest node could miss (a bad signature, encoding or chain id). */
    INVALID_TRANSACTION(50, "invalid transaction"),
    /** Data (a block, transactions, block hashes) that was never asked for. */
    UNSOLICITED(20, "unsolicited data"),
    /** A request left unanswered past the timeout; counted once per peer per sweep (every second). */
    STALL(10, "stalled request");

    private final int penalty;
    private final String text;

    Offence(int penalty, String text) {
        this.penalty = penalty;
        this.text = text;
    }

    public int penalty() {
        return penalty;
    }

    public String text() {
        return text;
    }
}
