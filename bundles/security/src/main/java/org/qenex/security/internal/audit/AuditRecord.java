package org.qenex.security.internal.audit;

import java.time.Instant;

/**
 * One line of the audit log: an {@link AuditEntry} with its place in the chain.
 *
 * @param sequence 1 for the first record, then +1 per record
 * @param time when it was recorded
 * @param previous hex SHA-256 of the previous line's bytes (64 zeros for the first record)
 * @param line the exact bytes of this record as written, without the newline; what the next
 *        record's {@code previous} is the hash of
 */
public record AuditRecord(long sequence, Instant time, AuditEntry entry, String previous, String line) {
}
