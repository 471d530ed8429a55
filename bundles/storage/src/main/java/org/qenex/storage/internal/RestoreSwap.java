package org.qenex.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.qenex.api.health.HealthStatus;
import org.qenex.storage.internal.journal.Journal;

/**
 * The last step of a restore: the restored index, journal and backups, fully built in the staging
 * folder, replace the live ones, which move to a {@code pre-restore-<time>} folder. A marker file
 * written before the first move makes the swap resumable: if the process dies halfway, the next
 * open finishes it, so a restore is never left half done.
 */
final class RestoreSwap {

    private static final List<String> PARTS = List.of("index", "journal", "backups");

    private RestoreSwap() {
    }

    /** Starts the swap: the staging folder must be complete. */
    static void begin(StoreLayout layout, Path keepOld) throws IOException {
        Files.writeString(layout.restoreMarker(), keepOld.getFileName().toString());
        Journal.syncDirectory(layout.root());
        complete(layout);
    }

    static void completeIfPending(StoreLayout layout, IncidentSink incidents) throws IOException {
        if (Files.exists(layout.restoreMarker())) {
            complete(layout);
            incidents.report(HealthStatus.DEGRADED, "a restore was interrupted before it finished swapping files",
                    "finished the swap", "store opened on the restored data");
        }
    }

    private static void complete(StoreLayout layout) throws IOException {
        String keep = Files.readString(layout.restoreMarker()).trim();
        if (!keep.matches("pre-restore-[0-9TZ-]+")) {
            throw new IOException("malformed restore marker: " + keep);
        }
        Path keepOld = layout.root().resolve(keep);
        Files.createDirectories(keepOld);
        for (String part : PARTS) {
            Path live = layout.root().resolve(part);
            Path staged = layout.staging().resolve(part);
            if (Files.exists(staged)) {
                if (Files.exists(live)) {
                    Path kept = keepOld.resolve(part);
                    for (int n = 1; Files.exists(kept); n++) {
                        kept = keepOld.resolve(part + "-" + n);
                    }
                    Files.move(live, kept);
                }
                Files.move(staged, live);
            }
        }
        StoreOpener.deleteTree(layout.staging());
        Files.delete(layout.restoreMarker());
        Journal.syncDirectory(layout.root());
    }
}
