package org.qenex.chain.internal.tx;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.Ed25519;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;

/**
 * The canonical binary form of a transaction (all integers big-endian):
 *
 * <pre>
 * "QXTX" | version 0x01 | type (0x01 transfer, 0x02 set-parent) | chain id length (1..32) | chain id ASCII
 * | sender public key (32) | nonce (u64) | fee (u64)
 * | transfer: recipient account id (20) | amount (u64)
 * | set-parent: parent public key (32)
 * -- end of the signed bytes --
 * | sender signature (64) | set-parent only: parent signature (64)
 * </pre>
 *
 * Both signatures are Ed25519 over the signed bytes. Nothing may follow the last signature.
 */
public final class TransactionCodec {

    private static final byte[] MAGIC = "QXTX".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private TransactionCodec() {
    }

    /** Decodes {@code bytes}, refusing anything larger than {@code maxBytes} before reading it. */
    public static Transaction decode(byte[] bytes, int maxBytes) throws ChainException {
        if (bytes.length > maxBytes) {
            throw new ChainException(ChainError.TX_OVERSIZED, bytes.length + " bytes, the limit is " + maxBytes);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[4];
            in.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw bad("not a transaction (magic)");
            }
            if (in.get() != VERSION) {
                throw bad("unknown transaction version");
            }
            TransactionKind kind = TransactionKind.ofCode(in.get() & 0xFF);
            if (kind == null) {
                throw bad("unknown transaction type");
            }
            int chainIdLength = in.get() & 0xFF;
            byte[] chainIdBytes = new byte[chainIdLength];
            in.get(chainIdBytes);
            String chainId = new String(chainIdBytes, StandardCharsets.US_ASCII);
            if (!ChainId.isValid(chainId)) {
                throw bad("malformed chain id");
            }
            byte[] senderKey = new byte[Ed25519.PUBLIC_KEY_LENGTH];
            in.get(senderKey);
            long nonce = in.getLong();
            long fee = in.getLong();
            AccountId recipient = null;
            long amount = 0;
            byte[] parentKey = null;
            if (kind == TransactionKind.TRANSFER) {
                byte[] to = new byte[AccountId.LENGTH];
                in.get(to);
                recipient = AccountId.of(to);
                amount = in.getLong();
            } else {
                parentKey = new byte[Ed25519.PUBLIC_KEY_LENGTH];
                in.get(parentKey);
            }
            int signedLength = in.position();
            int signatures = kind == TransactionKind.SET_PARENT ? 2 : 1;
            if (in.remaining() != signatures * Ed25519.SIGNATURE_LENGTH) {
                throw bad(in.remaining() < signatures * Ed25519.SIGNATURE_LENGTH ? "truncated signature"
                        : "trailing bytes after the signature");
            }
            return new Transaction(bytes.clone(), signedLength, kind, chainId, senderKey, nonce, fee, recipient, amount,
                    parentKey);
        } catch (BufferUnderflowException e) {
            throw bad("truncated transaction");
        }
    }

    /** A signed transfer. */
    public static Transaction transfer(String chainId, KeyPair sender, AccountId to, long amount, long fee, long nonce) {
        byte[] signed = signedTransferBytes(chainId, sender.publicKey(), to, amount, fee, nonce);
        return seal(signed, TransactionKind.TRANSFER, chainId, sender.publicKey(), nonce, fee, to, amount, null,
                sender.sign(signed));
    }

    /** A set-parent signed by the child ({@code sender}) and accepted (signed) by {@code parent}. */
    public static Transaction setParent(String chainId, KeyPair child, KeyPair parent, long fee, long nonce) {
        byte[] signed = signedSetParentBytes(chainId, child.publicKey(), parent.publicKey(), fee, nonce);
        return seal(signed, TransactionKind.SET_PARENT, chainId, child.publicKey(), nonce, fee, null, 0,
                parent.publicKey(), child.sign(signed), parent.sign(signed));
    }

    public static byte[] signedTransferBytes(String chainId, byte[] senderKey, AccountId to, long amount, long fee,
            long nonce) {
        ByteBuffer out = header(TransactionKind.TRANSFER, chainId, senderKey, nonce, fee,
                AccountId.LENGTH + Long.BYTES);
        out.put(to.bytes());
        out.putLong(amount);
        return out.array();
    }

    public static byte[] signedSetParentBytes(String chainId, byte[] childKey, byte[] parentKey, long fee, long nonce) {
        ByteBuffer out = header(TransactionKind.SET_PARENT, chainId, childKey, nonce, fee, Ed25519.PUBLIC_KEY_LENGTH);
        out.put(parentKey);
        return out.array();
    }

    /** Appends signatures to signed bytes and decodes the result (used by wallets that sign piecewise). */
    public static byte[] withSignatures(byte[] signed, byte[]... signatures) {
        int length = signed.length;
        for (byte[] s : signatures) {
            length += s.length;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        out.put(signed);
        for (byte[] s : signatures) {
            out.put(s);
        }
        return out.array();
    }

    private static ByteBuffer header(TransactionKind kind, String chainId, byte[] senderKey, long nonce, long fee,
            int bodyLength) {
        byte[] chain = chainId.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(4 + 1 + 1 + 1 + chain.length + 32 + 8 + 8 + bodyLength);
        out.put(MAGIC).put((byte) VERSION).put((byte) kind.code()).put((byte) chain.length).put(chain);
        out.put(senderKey).putLong(nonce).putLong(fee);
        return out;
    }

    private static Transaction seal(byte[] signed, TransactionKind kind, String chainId, byte[] senderKey, long nonce,
            long fee, AccountId to, long amount, byte[] parentKey, byte[]... signatures) {
        byte[] all = withSignatures(signed, signatures);
        return new Transaction(all, signed.length, kind, chainId, senderKey, nonce, fee, to, amount, parentKey);
    }

    private static ChainException bad(String detail) {
        return new ChainException(ChainError.BAD_ENCODING, detail);
    }
}
