package org.qenex.chain.internal.block;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.qenex.chain.internal.crypto.Ed25519;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.tx.ChainId;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/**
 * A block's bytes: header ({@link BlockHeader}) | producer signature (64) | each transaction as
 * length (u16) and bytes | each mint entry as proof length (u32), proof bytes, reward (u64).
 */
public final class BlockCodec {

    private BlockCodec() {
    }

    /** Signs and encodes a block from its parts. */
    public static Block seal(BlockHeader header, KeyPair producer, List<Transaction> txs, List<MintEntry> mints) {
        byte[] headerBytes = header.encode();
        byte[] signature = producer == null ? new byte[Ed25519.SIGNATURE_LENGTH] : producer.sign(headerBytes);
        return assemble(header, signature, txs, mints);
    }

    /** Encodes a block with a given signature (tests use this to forge bad ones). */
    public static Block assemble(BlockHeader header, byte[] signature, List<Transaction> txs, List<MintEntry> mints) {
        byte[] headerBytes = header.encode();
        int size = headerBytes.length + Ed25519.SIGNATURE_LENGTH;
        for (Transaction tx : txs) {
            size += 2 + tx.size();
        }
        for (MintEntry m : mints) {
            size += m.encodedSize();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(headerBytes).put(signature);
        for (Transaction tx : txs) {
            out.putShort((short) tx.size()).put(tx.encoded());
        }
        for (MintEntry m : mints) {
            out.putInt(m.proofBytes().length).put(m.proofBytes()).putLong(m.reward());
        }
        return new Block(header, signature, txs, mints, out.array());
    }

    public static Block decode(byte[] bytes, int maxBlockBytes, int maxTxBytes) throws ChainException {
        if (bytes.length > maxBlockBytes) {
            throw new ChainException(ChainError.BLOCK_OVERSIZED, bytes.length + " bytes, the limit is " + maxBlockBytes);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[4];
            in.get(magic);
            if (!Arrays.equals(magic, BlockHeader.MAGIC) || in.get() != BlockHeader.VERSION) {
                throw bad("not a block (magic or version)");
            }
            byte[] chain = new byte[in.get() & 0xFF];
            in.get(chain);
            String chainId = new String(chain, StandardCharsets.US_ASCII);
            if (!ChainId.isValid(chainId)) {
                throw bad("malformed chain id");
            }
            long height = in.getLong();
            byte[] previous = read(in, 32);
            long timestamp = in.getLong();
            byte[] txRoot = read(in, 32);
            byte[] mintRoot = read(in, 32);
            byte[] state = read(in, 32);
            byte[] producer = read(in, 32);
            int txCount = in.getInt();
            int mintCount = in.getShort() & 0xFFFF;
            if (height < 0 || txCount < 0 || txCount > bytes.length / 100) {
                throw bad("impossible height or transaction count");
            }
            BlockHeader header = new BlockHeader(chainId, height, previous, timestamp, txRoot, mintRoot, state, producer,
                    txCount, mintCount);
            byte[] signature = read(in, Ed25519.SIGNATURE_LENGTH);
            List<Transaction> txs = new ArrayList<>(txCount);
            for (int i = 0; i < txCount; i++) {
                int length = in.getShort() & 0xFFFF;
                txs.add(TransactionCodec.decode(read(in, Math.min(length, in.remaining() + 1)), maxTxBytes));
            }
            List<MintEntry> mints = new ArrayList<>(mintCount);
            for (int i = 0; i < mintCount; i++) {
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw bad("bad proof length");
                }
                mints.add(new MintEntry(read(in, length), in.getLong()));
            }
            if (in.hasRemaining()) {
                throw bad("trailing bytes after the block");
            }
            return new Block(header, signature, txs, mints, bytes.clone());
        } catch (BufferUnderflowException e) {
            throw bad("truncated block");
        }
    }

    /** The height in a stored block's header, read without decoding the rest (the block was checked when stored). */
    public static long storedHeight(byte[] encoded) {
        int chainIdLength = encoded[BlockHeader.MAGIC.length + 1] & 0xFF;
        return ByteBuffer.wrap(encoded, BlockHeader.MAGIC.length + 2 + chainIdLength, 8).getLong();
    }

    /**
     * Where each transaction's bytes start in the block's encoding (after its u16 length), so that
     * one can be read back without decoding the block ({@link #storedTransaction}).
     */
    public static int[] transactionOffsets(Block block) {
        List<Transaction> txs = block.transactions();
        int[] offsets = new int[txs.size()];
        int at = block.header().encode().length + Ed25519.SIGNATURE_LENGTH;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = at + 2;
            at += 2 + txs.get(i).size();
        }
        return offsets;
    }

    /**
     * The transaction whose bytes start at {@code offset} of a stored block's encoding (see
     * {@link #transactionOffsets}): only those bytes are decoded.
     */
    public static Transaction storedTransaction(byte[] encoded, int offset) throws ChainException {
        if (offset < 2 || offset > encoded.length) {
            throw bad("transaction offset outside the block");
        }
        int length = ((encoded[offset - 2] & 0xFF) << 8) | (encoded[offset - 1] & 0xFF);
        if (offset + length > encoded.length) {
            throw bad("transaction runs past the block");
        }
        return TransactionCodec.decode(Arrays.copyOfRange(encoded, offset, offset + length), Integer.MAX_VALUE);
    }

    private static byte[] read(ByteBuffer in, int length) {
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }

    private static ChainException bad(String detail) {
        return new ChainException(ChainError.BAD_ENCODING, detail);
    }
}
