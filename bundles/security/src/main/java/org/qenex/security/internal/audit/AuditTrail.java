package org.qenex.security.internal.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The node's audit log: who did what, when, from where, and how it ended. */
public interface AuditTrail {

    /**
     * Appends one record. Secrets are taken out of its action and detail first. Never throws: a
     * record that cannot be written is counted and logged, and {@link #verify} then says so.
     */
    void record(AuditEntry entry);

    /** The newest records that match, oldest first. */
    List<AuditRecord> search(AuditQuery query) throws IOException;

    /** Checks the whole chain as it is on disk now. */
    VerifyReport verify() throws IOException;

    /** The log file. */
    Path location();

    /** Records that could not be written since the node started. */
    long lost();
}
