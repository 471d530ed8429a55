package org.qenex.storage.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.StoreUnavailableException;

/**
 * The exclusive lock that makes sure only one store instance, in any process, has the files open.
 * The operating system releases it when the process dies, so a crash never leaves it stale.
 */
final class StoreLock implements Closeable {

    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StoreLock acquire(Path file) {
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StoreUnavailableException(StorageException.STORE_UNAVAILABLE,
                        "the store at " + file.getParent() + " is already open (lock " + file.getFileName() + " is held)");
            }
            return new StoreLock(channel, lock);
        } catch (IOException e) {
            throw new StoreUnavailableException(StorageException.STORE_UNAVAILABLE, "cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
