package org.qenex.storage.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;

import org.junit.Test;
import org.qenex.api.storage.Codecs;

public class CodecsTest {

    @Test
    public void longsRoundTripAndSortInUnsignedByteOrder() {
        long[] values = {Long.MIN_VALUE, -1_000_000L, -1L, 0L, 1L, 255L, 256L, 1L << 40, Long.MAX_VALUE};
        for (int i = 0; i < values.length; i++) {
            byte[] encoded = Codecs.LONG.encode(values[i]);
            assertEquals(8, encoded.length);
            assertEquals(values[i], (long) Codecs.LONG.decode(encoded));
            if (i > 0) {
                assertTrue(values[i - 1] + " must sort before " + values[i],
                        Arrays.compareUnsigned(Codecs.LONG.encode(values[i - 1]), encoded) < 0);
            }
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void longRejectsWrongLength() {
        Codecs.LONG.decode(new byte[7]);
    }

    @Test
    public void stringsRoundTripAndSortByCodePoint() {
        String[] values = {"", "A", "Z", "a", "ab", "b", "é", "中", "😀"};
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], Codecs.STRING.decode(Codecs.STRING.encode(values[i])));
            if (i > 0) {
                assertTrue(Arrays.compareUnsigned(Codecs.STRING.encode(values[i - 1]), Codecs.STRING.encode(values[i])) < 0);
            }
        }
    }

    @Test
    public void bytesAreCopiedBothWays() {
        byte[] original = {1, 2, (byte) 0xFF};
        byte[] encoded = Codecs.BYTES.encode(original);
        original[0] = 9;
        assertArrayEquals(new byte[] {1, 2, (byte) 0xFF}, encoded);
        byte[] decoded = Codecs.BYTES.decode(encoded);
        decoded[1] = 9;
        assertArrayEquals(new byte[] {1, 2, (byte) 0xFF}, encoded);
    }
}
