package org.qenex.chain.internal.block;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.qenex.chain.internal.tx.Transaction;

/**
 * A block: its header, the producer's signature over the header bytes, the transactions and the
 * mint entries. The hash and encoding are computed once.
 */
public final class Block {

    private final BlockHeader header;
    private final byte[] headerBytes;
    private final byte[] hash;
    private final byte[] signature;
    private final List<Transaction> transactions;
    private final List<MintEntry> mints;
    private final byte[] encoded;

    Block(BlockHeader header, byte[] signature, List<Transaction> transactions, List<MintEntry> mints, byte[] encoded) {
        this.header = header;
        this.headerBytes = header.encode();
        this.hash = org.qenex.chain.internal.crypto.Sha256.hash(headerBytes);
        this.signature = signature.clone();
        this.transactions = List.copyOf(transactions);
        this.mints = List.copyOf(mints);
        this.encoded = encoded;
    }

    public BlockHeader header() {
        return header;
    }

    public long height() {
        return header.height();
    }

    public byte[] hash() {
        return hash.clone();
    }

    public String hashHex() {
        return HexFormat.of().formatHex(hash);
    }

    public byte[] headerBytes() {
        return headerBytes.clone();
    }

    public byte[] signature() {
        return signature.clone();
    }

    public List<Transaction> transactions() {
        return transactions;
    }

    public List<MintEntry> mints() {
        return mints;
    }

    public byte[] encoded() {
        return encoded.clone();
    }

    public int size() {
        return encoded.length;
    }

    /** The Merkle root the header must carry for these transactions. */
    public static byte[] txRoot(List<Transaction> txs) {
        List<byte[]> leaves = new ArrayList<>(txs.size());
        for (Transaction tx : txs) {
            leaves.add(tx.leafHash());
        }
        return MerkleTree.root(leaves);
    }

    public static byte[] mintRoot(List<MintEntry> mints) {
        List<byte[]> leaves = new ArrayList<>(mints.size());
        for (MintEntry m : mints) {
            leaves.add(m.leafHash());
        }
        return MerkleTree.root(leaves);
    }

    @Override
    public String toString() {
        return "Block[" + header.height() + " " + hashHex().substring(0, 16) + ", " + transactions.size() + " txs, "
                + mints.size() + " mints]";
    }
}
