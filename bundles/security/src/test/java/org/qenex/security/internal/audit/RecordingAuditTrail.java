package org.qenex.security.internal.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An audit trail for tests that keeps what it is given in memory, in order; it cannot be searched or verified. */
public final class RecordingAuditTrail implements AuditTrail {

    /** Every entry recorded, oldest first. */
    public final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEntry entry) {
        entries.add(entry);
    }

    @Override
    public List<AuditRecord> search(AuditQuery query) {
        return List.of();
    }

    @Override
    public VerifyReport verify() throws IOException {
        throw new IOException("not kept");
    }

    @Override
    public Path location() {
        return Path.of("memory");
    }

    @Override
    public long lost() {
        return 0;
    }
}
