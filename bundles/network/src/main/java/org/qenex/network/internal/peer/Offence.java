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
    FLOOD(20, "message flood");

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
