package org.qenex.storage.internal.backup;

import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}, the last entry of a backup archive.
 *
 * @param format archive format version, 1
 * @param id the backup's id (also its file name without {@code .zip})
 * @param created ISO-8601 time of the snapshot
 * @param createdMillis the same, in epoch millis
 * @param snapshotStart journal position when the copy of the namespaces began
 * @param position journal position when it ended: the archive restores the store exactly as of it
 * @param namespaces the namespaces copied
 * @param files SHA-256 and size of every other entry of the archive
 */
public record Manifest(int format, String id, String created, long createdMillis, long snapshotStart, long position,
        List<NamespaceEntry> namespaces, Map<String, FileEntry> files) {

    /** A namespace in the archive, its data in {@code file}. */
    public record NamespaceEntry(String name, String compression, long entries, String file) {
    }

    /** One archive entry's checksum. */
    public record FileEntry(String sha256, long bytes) {
    }
}
