package org.qenex.chain.internal.consensus;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import org.qenex.chain.internal.crypto.Sha256;
import org.qenex.chain.internal.tx.ChainId;

/**
 * The consensus parameters fixed by the genesis file. Every node of a chain must hold the same
 * values: they are hashed into the genesis block (see {@link #canonicalBytes()}).
 *
 * @param chainId 1 to 32 characters {@code [a-z0-9-]}, signed into every transaction and block
 * @param genesisTimeMillis the genesis block's timestamp
 * @param validators hex Ed25519 public keys allowed to produce blocks
 * @param blockIntervalMillis how often a producer makes a block
 * @param maxBlockBytes the largest encoded block
 * @param maxTransactionBytes the largest encoded transaction
 * @param minFee the smallest fee, in base units
 * @param finalityDepth how deep a block is final; reorganisations deeper than this are refused
 * @param maxFutureDriftMillis how far ahead of the local clock a block's timestamp may be
 * @param baseReward the first era's reward for a full-size improvement, in base units
 * @param maxSupply the cap on minted units
 * @param parentShareBasisPoints the parent's share of a reward, in 1/10,000 (2000 = 20 %)
 * @param fullRewardGainPpm the gain (parts per million) that earns the whole base reward
 * @param minGainPpm the smallest gain that is rewarded at all
 */
public record ChainParameters(String chainId, long genesisTimeMillis, List<String> validators, long blockIntervalMillis,
        int maxBlockBytes, int maxTransactionBytes, long minFee, int finalityDepth, long maxFutureDriftMillis,
        long baseReward, long maxSupply, int parentShareBasisPoints, long fullRewardGainPpm, long minGainPpm) {

    /** The largest {@code maxBlockBytes}: the worst block's state changes must fit one store batch. */
    public static final int MAX_BLOCK_BYTES = 1_048_576;

    public ChainParameters {
        Objects.requireNonNull(chainId, "chainId");
        if (!ChainId.isValid(chainId)) {
            throw new IllegalArgumentException("a chain id is 1 to 32 characters [a-z0-9-]");
        }
        validators = List.copyOf(validators);
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("a chain has at least one validator");
        }
        for (String key : validators) {
            if (!key.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("a validator key is 64 lower-case hex digits (32 bytes): " + key);
            }
        }
        if (validators.stream().distinct().count() != validators.size()) {
            // a key listed twice would take two turns in each round
            throw new IllegalArgumentException("a validator is listed twice");
        }
        require(blockIntervalMillis >= 100, "blockIntervalMillis >= 100");
        // a block's state changes are stored in one batch of at most 100,000 operations (Store.MAX_BATCH_OPERATIONS):
        // a block of 1 MiB changes at most 14,171 accounts, about 52,000 operations with a million accounts (docs/chain.md)
        require(maxBlockBytes >= 4096 && maxBlockBytes <= MAX_BLOCK_BYTES, "maxBlockBytes between 4096 and 1048576 (1 MiB:"
                + " a larger block's changes would not fit one store batch)");
        require(maxTransactionBytes >= 256 && maxTransactionBytes <= 4096, "maxTransactionBytes between 256 and 4096");
        require(minFee >= 0, "minFee >= 0");
        require(finalityDepth >= 1 && finalityDepth <= 100, "finalityDepth between 1 and 100");
        require(maxFutureDriftMillis >= 0, "maxFutureDriftMillis >= 0");
        require(maxSupply > 0 && maxSupply <= Qxc.MAX_SUPPLY_UNITS, "maxSupply between 1 and 21,000,000 QXC");
        require(baseReward > 0 && baseReward <= maxSupply, "baseReward between 1 and maxSupply");
        require(parentShareBasisPoints >= 0 && parentShareBasisPoints <= 10_000, "parentShareBasisPoints 0..10000");
        require(fullRewardGainPpm >= 1 && fullRewardGainPpm <= 1_000_000, "fullRewardGainPpm 1..1000000");
        require(minGainPpm >= 1 && minGainPpm <= fullRewardGainPpm, "minGainPpm 1..fullRewardGainPpm");
    }

    /** The defaults of issue 4: 5 s blocks of at most 1 MB, final at 6 deep, 50 QXC base reward, 80/20 split. */
    public static ChainParameters defaults(String chainId, long genesisTimeMillis, List<String> validators) {
        return new ChainParameters(chainId, genesisTimeMillis, validators, 5_000, 1_048_576, 512, 1_000, 6, 15_000,
                50 * Qxc.UNITS_PER_QXC, Qxc.MAX_SUPPLY_UNITS, 2_000, 10_000, 1);
    }

    /** {@link #defaults} with another block interval (the slot length). */
    public static ChainParameters withInterval(String chainId, long genesisTimeMillis, List<String> validators,
            long blockIntervalMillis) {
        ChainParameters d = defaults(chainId, genesisTimeMillis, validators);
        return new ChainParameters(d.chainId, d.genesisTimeMillis, d.validators, blockIntervalMillis, d.maxBlockBytes,
                d.maxTransactionBytes, d.minFee, d.finalityDepth, d.maxFutureDriftMillis, d.baseReward, d.maxSupply,
                d.parentShareBasisPoints, d.fullRewardGainPpm, d.minGainPpm);
    }

    public boolean isValidator(byte[] publicKey) {
        String hex = HexFormat.of().formatHex(publicKey);
        return validators.contains(hex);
    }

    /**
     * "QXGN", format 2 (format 1 had the flat accounts root; see docs/chain-format.md), then every field in declaration order: the chain id and each validator as
     * an unsigned byte length plus ASCII, the validator list preceded by its count (int), ints as
     * 4 and longs as 8 big-endian bytes. Its SHA-256 is the genesis block's previous hash.
     */
    public byte[] canonicalBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write("QXGN".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(2);
            writeAscii(out, chainId);
            out.writeLong(genesisTimeMillis);
            out.writeInt(validators.size());
            for (String v : validators) {
                writeAscii(out, v);
            }
            out.writeLong(blockIntervalMillis);
            out.writeInt(maxBlockBytes);
            out.writeInt(maxTransactionBytes);
            out.writeLong(minFee);
            out.writeInt(finalityDepth);
            out.writeLong(maxFutureDriftMillis);
            out.writeLong(baseReward);
            out.writeLong(maxSupply);
            out.writeInt(parentShareBasisPoints);
            out.writeLong(fullRewardGainPpm);
            out.writeLong(minGainPpm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public byte[] hash() {
        return Sha256.hash(canonicalBytes());
    }

    byte[] chainIdBytes() {
        return chainId.getBytes(StandardCharsets.US_ASCII);
    }

    private static void writeAscii(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.writeByte(b.length);
        out.write(b);
    }

    private static void require(boolean condition, String rule) {
        if (!condition) {
            throw new IllegalArgumentException("genesis parameter out of range: " + rule);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainParameters other && Arrays.equals(canonicalBytes(), other.canonicalBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(canonicalBytes());
    }
}
