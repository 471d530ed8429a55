package org.qenex.security.internal.audit;

/**
 * What a verification of the audit log found.
 *
 * @param status the verdict
 * @param records complete records read
 * @param head the last complete record read
 * @param line the 1-based line of the first problem, 0 if none
 * @param problem what is wrong, empty when intact
 */
public record VerifyReport(Status status, long records, ChainHead head, long line, String problem) {

    public enum Status {
        /** Every record links to the one before, and nothing the node wrote is missing. */
        INTACT,
        /**
         * The chain is intact, but the last line is incomplete: the node stopped in the middle of
         * writing it (a crash or kill -9). Not a sign of tampering; the node sets such a line aside
         * when it next starts.
         */
        TORN,
        /** A record was changed, removed, inserted or reordered, or records at the end are missing. */
        TAMPERED
    }

    public boolean intact() {
        return status == Status.INTACT;
    }
}
