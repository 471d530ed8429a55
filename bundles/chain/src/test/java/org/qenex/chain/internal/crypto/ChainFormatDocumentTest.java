package org.qenex.chain.internal.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * The worked address example of docs/chain-format.md, read from the page itself: the code derives
 * the same account id, checksum and address from the key, and the page's statement about the last
 * base32 character (2 data bits, then 3 zero bits) holds.
 */
public class ChainFormatDocumentTest {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final Path PAGE = Paths.get("..", "..", "docs", "chain-format.md");

    @Test
    public void theDocumentedAddressExampleIsWhatTheCodeComputes() throws IOException {
        String page = Files.readString(PAGE);
        byte[] key = HexFormat.of().parseHex(field(page, "public key"));
        String accountId = field(page, "account id");
        String checksum = field(page, "checksum");
        String address = field(page, "address");

        assertEquals(accountId, HexFormat.of().formatHex(AccountId.ofPublicKey(key).bytes()));
        assertEquals(address, Address.ofPublicKey(key));
        assertEquals(accountId, HexFormat.of().formatHex(Address.parse(address).bytes()));
        assertEquals(42, address.length());

        byte[] raw = Base32.decode(address.substring(3));
        assertEquals(24, raw.length);
        assertEquals(checksum, HexFormat.of().formatHex(raw, 20, 24));
        int last = ALPHABET.indexOf(address.charAt(address.length() - 1));
        assertEquals("the last character's 3 low bits are zero padding", 0, last & 0b111);
        assertEquals("its 2 high bits are the last byte's 2 low bits", raw[23] & 0b11, last >>> 3);
        assertTrue("the page names the bits it shows", page.contains("`" + Integer.toBinaryString(raw[23] & 0b11) + "`"));
    }

    @Test
    public void aNonZeroPaddingBitMakesTheExampleInvalid() throws IOException {
        String address = field(Files.readString(PAGE), "address");
        String body = address.substring(0, address.length() - 1);
        int last = ALPHABET.indexOf(address.charAt(address.length() - 1));
        for (int padding = 1; padding < 8; padding++) {
            String altered = body + ALPHABET.charAt(last | padding);
            assertFalse(altered, Address.isValid(altered));
        }
        for (char c : List.of('a', 'i', 'q', 'y')) {
            // the four characters the page allows at the end: only the right one carries the checksum's bits
            assertEquals(String.valueOf(c), c == address.charAt(address.length() - 1), Address.isValid(body + c));
        }
    }

    /** The value of a line {@code name  value} in the page's example block. */
    private static String field(String page, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " +([0-9a-z]+)$").matcher(page);
        assertTrue("docs/chain-format.md has an example line '" + name + "'", m.find());
        return m.group(1);
    }
}
