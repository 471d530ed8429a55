package org.qenex.storage.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The usable space of the volume that holds the store. Its file store is looked up once, at the
 * first call that finds it: finding a path's file store reads the whole mount table, and the
 * health check and the alert engine ask every few seconds for the same volume. The space itself
 * is asked of the file store at every call.
 */
final class DiskSpace {

    /** How a folder's file store is found ({@link Files#getFileStore} outside tests). */
    @FunctionalInterface
    interface FileStores {
        FileStore of(Path folder) throws IOException;
    }

    private final Path folder;
    private final FileStores fileStores;
    private volatile FileStore store;

    DiskSpace(Path folder) {
        this(folder, Files::getFileStore);
    }

    DiskSpace(Path folder, FileStores fileStores) {
        this.folder = folder;
        this.fileStores = fileStores;
    }

    /** Usable bytes, or -1 when the volume cannot be asked (a lookup that failed is tried again next time). */
    long usableBytes() {
        try {
            FileStore found = store;
            if (found == null) {
                found = fileStores.of(folder);
                store = found;
            }
            return found.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
