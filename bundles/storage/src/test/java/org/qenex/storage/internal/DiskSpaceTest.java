package org.qenex.storage.internal;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class DiskSpaceTest {

    private final Path folder = Paths.get("/data/store");
    private final List<Path> lookups = new ArrayList<>();
    private final VolumeWithFreeSpace volume = new VolumeWithFreeSpace();

    @Test
    public void theFileStoreIsLookedUpOnceAndAskedForItsSpaceAtEveryCall() {
        DiskSpace space = new DiskSpace(folder, f -> {
            lookups.add(f);
            return volume;
        });
        volume.usable = 5_000;
        assertEquals(5_000, space.usableBytes());
        volume.usable = 4_000;
        assertEquals("the space is the volume's current answer, not a remembered one", 4_000, space.usableBytes());
        volume.usable = 3_000;
        assertEquals(3_000, space.usableBytes());
        assertEquals("one lookup for three calls", List.of(folder), lookups);
    }

    @Test
    public void aFailedLookupGivesMinusOneAndIsTriedAgain() {
        DiskSpace space = new DiskSpace(folder, f -> {
            lookups.add(f);
            if (lookups.size() == 1) {
                throw new IOException("mount table unreadable");
            }
            return volume;
        });
        volume.usable = 7_000;
        assertEquals(-1, space.usableBytes());
        assertEquals(7_000, space.usableBytes());
        assertEquals(7_000, space.usableBytes());
        assertEquals(2, lookups.size());
    }

    @Test
    public void aVolumeThatCannotBeAskedGivesMinusOne() {
        DiskSpace space = new DiskSpace(folder, f -> volume);
        volume.failing = true;
        assertEquals(-1, space.usableBytes());
        volume.failing = false;
        volume.usable = 1_000;
        assertEquals(1_000, space.usableBytes());
    }

    /** A volume whose free space the test sets. */
    private static final class VolumeWithFreeSpace extends FileStore {
        volatile long usable;
        volatile boolean failing;

        @Override
        public long getUsableSpace() throws IOException {
            if (failing) {
                throw new IOException("volume gone");
            }
            return usable;
        }

        @Override
        public String name() {
            return "test";
        }

        @Override
        public String type() {
            return "test";
        }

        @Override
        public boolean isReadOnly() {
            return false;
        }

        @Override
        public long getTotalSpace() {
            return 10_000;
        }

        @Override
        public long getUnallocatedSpace() {
            return usable;
        }

        @Override
        public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
            return false;
        }

        @Override
        public boolean supportsFileAttributeView(String name) {
            return false;
        }

        @Override
        public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
            return null;
        }

        @Override
        public Object getAttribute(String attribute) {
            throw new UnsupportedOperationException(attribute);
        }
    }
}
