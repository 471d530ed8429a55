package org.qenex.api.http;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

import org.junit.Test;

/** {@link RequestBodies#read}: what {@code readNBytes(limit)} reads, without its 8 KB buffer. */
public class BodyReadTest {

    private static final byte[] BODY = new byte[200];

    static {
        Arrays.fill(BODY, (byte) 7);
    }

    /** A stream that only has InputStream's own bulk reads, as a servlet container's does. */
    private static InputStream stream(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
        };
    }

    @Test
    public void readsWhatReadNBytesReadsWhateverTheDeclaredLength() throws IOException {
        byte[] big = new byte[300];
        Arrays.fill(big, (byte) 3);
        for (long declared : new long[] {-1, 0, 100, 199, 200, 201, 299, 300, 301, 1_000_000}) {
            for (byte[] body : new byte[][] {new byte[0], BODY, big}) {
                byte[] expected = stream(body).readNBytes(251);
                assertArrayEquals("declared " + declared + ", body " + body.length, expected,
                        RequestBodies.read(stream(body), declared, 251));
            }
        }
    }

    @Test
    public void allocatesAboutTheBodyWhenItsLengthIsDeclared() throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long sink = 0;
        for (int warm = 0; warm < 2_000; warm++) {
            sink += RequestBodies.read(stream(BODY), BODY.length, 1 << 20).length;
            sink += stream(BODY).readNBytes(1 << 20).length;
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1_000; i++) {
            sink += RequestBodies.read(stream(BODY), BODY.length, 1 << 20).length;
        }
        long sized = (threads.getThreadAllocatedBytes(id) - before) / 1_000;
        before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1_000; i++) {
            sink += stream(BODY).readNBytes(1 << 20).length;
        }
        long unsized = (threads.getThreadAllocatedBytes(id) - before) / 1_000;
        // the body (200) and the streams, not a buffer; JDK 17's readNBytes(limit) took 8,472 here
        assertTrue("bytes per read, sized " + sized + " against readNBytes " + unsized + " (" + sink + ")",
                sized < 1_024);
    }
}
