package org.qenex.storage.internal;

import java.nio.file.Path;

/**
 * Where the store keeps its files under its root ({@code ${karaf.data}/qenex/storage} by default).
 *
 * @param root the store's folder
 */
public record StoreLayout(Path root) {

    /** Held with an exclusive {@code FileLock} by the one process that has the store open. */
    public Path lock() {
        return root.resolve("store.lock");
    }

    /** The commit journal's segments: the durable record. */
    public Path journal() {
        return root.resolve("journal");
    }

    /** The MapDB index: rebuildable from the journal and backups. */
    public Path index() {
        return root.resolve("index");
    }

    /** Where a damaged index is moved before a rebuild, for inspection. */
    public Path damagedIndex() {
        return root.resolve("index.damaged");
    }

    /** Backup archives. */
    public Path backups() {
        return root.resolve("backups");
    }

    /** Where a restore builds the new store before swapping it in. */
    public Path staging() {
        return root.resolve("restore-staging");
    }

    /** Present while a built restore is being swapped in; names the folder keeping the old files. */
    public Path restoreMarker() {
        return root.resolve("restore.pending");
    }
}
