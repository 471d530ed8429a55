package org.qenex.security.internal.audit;

/**
 * The newest record of the chain: its sequence number and the hash of its line. Whoever holds a
 * head can tell that records up to it were removed or changed.
 */
public record ChainHead(long sequence, String hash) {

    static final ChainHead EMPTY = new ChainHead(0, AuditCodec.GENESIS);

    /** The head file's one line: {@code <sequence> <hash>}. */
    String format() {
        return sequence + " " + hash + "\n";
    }

    static ChainHead parse(String text) {
        String[] parts = text.strip().split(" ");
        if (parts.length != 2 || parts[1].length() != 64) {
            throw new IllegalArgumentException("not a chain head: " + text.strip());
        }
        return new ChainHead(Long.parseLong(parts[0]), parts[1]);
    }
}
