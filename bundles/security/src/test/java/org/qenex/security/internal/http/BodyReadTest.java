package org.qenex.security.internal.http;

import static org.junit.Assert.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.junit.Test;

/** {@link BodyRequest#readBody}: what {@code readNBytes(limit)} reads, without its 8 KB buffer when the length is declared. */
public class BodyReadTest {

    private static InputStream stream(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
        };
    }

    @Test
    public void readsWhatReadNBytesReadsWhateverTheDeclaredLength() throws IOException {
        byte[] small = new byte[200];
        byte[] big = new byte[300];
        Arrays.fill(small, (byte) 7);
        Arrays.fill(big, (byte) 3);
        for (long declared : new long[] {-1, 0, 100, 199, 200, 201, 299, 300, 301, 1_000_000}) {
            for (byte[] body : new byte[][] {new byte[0], small, big}) {
                assertArrayEquals("declared " + declared + ", body " + body.length, stream(body).readNBytes(251),
                        BodyRequest.readBody(stream(body), declared, 251));
            }
        }
    }
}
