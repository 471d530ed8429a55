package org.qenex.chain.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.ledger.ChainNode;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/**
 * Builds and signs a transfer the way docs/chain-format.md tells someone who has only the JDK:
 * its own Ed25519 ({@code java.security}), SHA-256 and a base32 written here. Only the checks at
 * the end use QENEX code: it decodes, verifies and confirms the transaction in a block.
 */
public class JdkOnlyTransactionTest {

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    @Test
    public void aTransferBuiltFromTheDocumentIsConfirmed() throws Exception {
        // --- the JDK and the document only ---
        java.security.KeyPair jdkKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] x509 = jdkKeys.getPublic().getEncoded();
        byte[] publicKey = Arrays.copyOfRange(x509, x509.length - 32, x509.length); // raw RFC 8032 key
        String sender = address(publicKey);
        String recipient = address(new byte[32]);
        byte[] recipientId = Arrays.copyOf(base32Decode(recipient.substring(3)), 20);

        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(signed);
        out.write("QXTX".getBytes(StandardCharsets.US_ASCII));
        out.writeByte(1); // version
        out.writeByte(1); // transfer
        byte[] chainId = TestChain.CHAIN_ID.getBytes(StandardCharsets.US_ASCII);
        out.writeByte(chainId.length);
        out.write(chainId);
        out.write(publicKey);
        out.writeLong(0); // nonce
        out.writeLong(1_000); // fee
        out.write(recipientId);
        out.writeLong(250_000_000); // 2.5 QXC
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(jdkKeys.getPrivate());
        signer.update(signed.toByteArray());
        out.write(signer.sign());
        byte[] encoded = signed.toByteArray();

        // --- QENEX decodes and verifies it ---
        Transaction tx = TransactionCodec.decode(encoded, 512);
        assertEquals(sender, tx.sender().address());
        assertEquals(sender, Address.ofPublicKey(publicKey));
        assertEquals(recipient, tx.recipient().address());
        assertTrue(tx.signaturesValid());
        assertEquals(157, encoded.length);

        TestChain.Clock clock = new TestChain.Clock();
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        node.produceBlock(List.of(TestChain.proof(sender, 10_000, "jdk")));
        byte[] id = node.submit(encoded);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertArrayEquals("the id is SHA-256 of the signed bytes", sha.digest(Arrays.copyOf(encoded, encoded.length - 64)), id);
        Block block = node.produceBlock(List.of());
        assertEquals(1, block.transactions().size());
        assertEquals(250_000_000, node.account(tx.recipient()).balance());
        assertTrue(node.transaction(id).isPresent());
    }

    /** "qx1" + base32(id || checksum), id = SHA-256("QXAD" || key)[0..20), checksum = SHA-256("qx1" || id)[0..4). */
    private static String address(byte[] publicKey) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("QXAD".getBytes(StandardCharsets.US_ASCII));
        byte[] id = Arrays.copyOf(sha.digest(publicKey), 20);
        sha.update("qx1".getBytes(StandardCharsets.US_ASCII));
        byte[] checksum = Arrays.copyOf(sha.digest(id), 4);
        byte[] raw = new byte[24];
        System.arraycopy(id, 0, raw, 0, 20);
        System.arraycopy(checksum, 0, raw, 20, 4);
        StringBuilder text = new StringBuilder("qx1");
        int buffer = 0;
        int bits = 0;
        for (byte b : raw) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                text.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return text.toString();
    }

    private static byte[] base32Decode(String text) {
        byte[] out = new byte[text.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | BASE32.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }
}
