package org.qenex.chain.internal.vectors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockCodec;
import org.qenex.chain.internal.block.BlockHeader;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.GenesisFile;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes the consensus test vectors (run by {@link ConsensusVectorsTest}). Deterministic: fixed
 * keys, a fixed clock and Ed25519's deterministic signatures give the same bytes on every run.
 * Regenerate only on purpose, and review every changed verdict:
 * {@code java -cp <test classpath> org.qenex.chain.internal.vectors.VectorGenerator src/test/resources/vectors}.
 */
public final class VectorGenerator {

    static final long QXC = Qxc.UNITS_PER_QXC;
    static final long INTERVAL = 5_000;
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final KeyPair alice = TestChain.key(10);
    private final KeyPair bob = TestChain.key(11);
    private final KeyPair carol = TestChain.key(12);
    private final KeyPair stranger = TestChain.key(99);
    private final KeyPair validator = TestChain.validator();
    private int written;

    private VectorGenerator(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        VectorGenerator generator = new VectorGenerator(Path.of(args[0]));
        Files.createDirectories(generator.dir);
        generator.all();
        System.out.println(generator.written + " vectors written to " + generator.dir);
    }

    /** A node with a clock that gives block h the time genesis + h * 5 s. */
    private static final class Setup {
        final ChainParameters params;
        final ChainNode node;
        final List<String> blocks = new ArrayList<>();
        long time = TestChain.GENESIS_TIME;

        Setup(ChainParameters params) {
            this.params = params;
            this.node = new ChainNode(params, new MemoryStore(), TestChain.validator(), TestChain.VERIFIER, () -> time,
                    ChainNode.Limits.DEFAULT);
            node.open();
        }

        Block block(List<Transaction> txs, List<ImprovementProof> proofs) throws Exception {
            for (Transaction tx : txs) {
                node.submit(tx.encoded());
            }
            time += INTERVAL;
            Block b = node.produceBlock(proofs);
            blocks.add(HEX.formatHex(b.encoded()));
            return b;
        }

        long now() {
            return time + INTERVAL;
        }
    }

    private Setup standard() throws Exception {
        Setup s = new Setup(TestChain.params());
        // two versions in a line: p1 on the genesis version, p2 on p1
        TestChain.ModelLine line = new TestChain.ModelLine();
        s.block(List.of(), List.of(line.next(alice, 10_000, "p1"), line.next(carol, 10_000, "p2")));
        s.block(List.of(transfer(alice, bob, 10 * QXC, 1_000, 0)), List.of());
        s.block(List.of(TransactionCodec.setParent(TestChain.CHAIN_ID, bob, alice, 1_000, 0)), List.of());
        return s;
    }

    private static Transaction transfer(KeyPair from, KeyPair to, long amount, long fee, long nonce) {
        return TransactionCodec.transfer(TestChain.CHAIN_ID, from, to.account(), amount, fee, nonce);
    }

    private void all() throws Exception {
        transactions();
        blocks();
        capAndSize();
        turns();
    }

    private void transactions() throws Exception {
        Setup s = standard();
        byte[] valid = transfer(alice, carol, QXC, 1_000, 1).encoded();
        tx(s, "tx-valid-transfer", "a transfer with the next nonce, enough balance and the minimum fee", valid, "valid");
        tx(s, "tx-valid-set-parent", "carol makes alice her parent; both signed",
                TransactionCodec.setParent(TestChain.CHAIN_ID, carol, alice, 1_000, 0).encoded(), "valid");
        tx(s, "tx-truncated", "the last byte of the signature is missing", Arrays.copyOf(valid, valid.length - 1), "bad_encoding");
        tx(s, "tx-trailing-byte", "one byte after the signature", Arrays.copyOf(valid, valid.length + 1), "bad_encoding");
        byte[] magic = valid.clone();
        magic[0] = 'X';
        tx(s, "tx-bad-magic", "does not start with QXTX", magic, "bad_encoding");
        byte[] version = valid.clone();
        version[4] = 2;
        tx(s, "tx-unknown-version", "version 2 does not exist", version, "bad_encoding");
        byte[] type = valid.clone();
        type[5] = 9;
        tx(s, "tx-unknown-type", "type 9 does not exist", type, "bad_encoding");
        byte[] upper = valid.clone();
        upper[7] = 'Q';
        tx(s, "tx-malformed-chain-id", "chain ids are lower case", upper, "bad_encoding");
        tx(s, "tx-empty", "no bytes at all", new byte[0], "bad_encoding");
        tx(s, "tx-wrong-chain-id", "signed for another chain",
                TransactionCodec.transfer("qenex-other", alice, carol.account(), QXC, 1_000, 1).encoded(), "wrong_chain_id");
        byte[] big = Arrays.copyOf(valid, 513);
        tx(s, "tx-oversized", "513 bytes: refused before decoding", big, "tx_oversized");
        tx(s, "tx-zero-amount", "amount 0", transfer(alice, carol, 0, 1_000, 1).encoded(), "amount_not_positive");
        tx(s, "tx-negative-amount", "amount -5 (the u64 read as signed)", transfer(alice, carol, -5, 1_000, 1).encoded(),
                "amount_not_positive");
        tx(s, "tx-amount-overflow", "amount 2^63-1, above the supply", transfer(alice, carol, Long.MAX_VALUE, 1_000, 1).encoded(),
                "amount_overflow");
        tx(s, "tx-amount-above-supply", "amount 21,000,000.00000001 QXC",
                transfer(alice, carol, 21_000_000 * QXC + 1, 1_000, 1).encoded(), "amount_overflow");
        tx(s, "tx-fee-overflow", "fee 2^63-1", transfer(alice, carol, 1, Long.MAX_VALUE, 1).encoded(), "amount_overflow");
        tx(s, "tx-fee-below-minimum", "fee 999, the minimum is 1000", transfer(alice, carol, QXC, 999, 1).encoded(), "fee_too_low");
        tx(s, "tx-negative-fee", "fee -1", transfer(alice, carol, QXC, -1, 1).encoded(), "fee_too_low");
        byte[] flipped = valid.clone();
        flipped[flipped.length - 10] ^= 1;
        tx(s, "tx-bad-signature", "one bit of the signature flipped", flipped, "bad_signature");
        byte[] tamperedAmount = valid.clone();
        tamperedAmount[valid.length - 64 - 1] ^= 1;
        tx(s, "tx-tampered-amount", "the amount changed after signing", tamperedAmount, "bad_signature");
        byte[] signed = TransactionCodec.signedTransferBytes(TestChain.CHAIN_ID, alice.publicKey(), carol.account(), QXC, 1_000, 1);
        tx(s, "tx-signed-by-another-key", "alice's transfer signed with bob's key",
                TransactionCodec.withSignatures(signed, bob.sign(signed)), "bad_signature");
        byte[] parentSigned = TransactionCodec.signedSetParentBytes(TestChain.CHAIN_ID, carol.publicKey(), alice.publicKey(), 1_000, 0);
        tx(s, "tx-set-parent-not-accepted", "carol names alice, but the second signature is carol's, not alice's",
                TransactionCodec.withSignatures(parentSigned, carol.sign(parentSigned), carol.sign(parentSigned)), "bad_signature");
        tx(s, "tx-replayed-nonce", "alice's nonce 0 was used in block 2", transfer(alice, carol, QXC, 1_000, 0).encoded(),
                "nonce_replayed");
        tx(s, "tx-replayed-transaction", "the exact transfer of block 2 again", transfer(alice, bob, 10 * QXC, 1_000, 0).encoded(),
                "nonce_replayed");
        tx(s, "tx-skipped-nonce", "nonce 5, the next is 1", transfer(alice, carol, QXC, 1_000, 5).encoded(), "nonce_skipped");
        tx(s, "tx-overdraft", "alice holds 39.99999 QXC", transfer(alice, carol, 40 * QXC, 1_000, 1).encoded(),
                "insufficient_balance");
        tx(s, "tx-overdraft-by-fee", "the whole balance plus the fee",
                transfer(alice, carol, 40 * QXC - 1_000, 1_000, 1).encoded(), "insufficient_balance");
        tx(s, "tx-unfunded-sender", "stranger never received anything", transfer(stranger, carol, 1, 1_000, 0).encoded(),
                "insufficient_balance");
        tx(s, "tx-parent-cycle", "alice would become the child of her own child bob",
                TransactionCodec.setParent(TestChain.CHAIN_ID, alice, bob, 1_000, 1).encoded(), "parent_cycle");
        tx(s, "tx-self-parent", "carol would be her own parent",
                TransactionCodec.setParent(TestChain.CHAIN_ID, carol, carol, 1_000, 0).encoded(), "parent_cycle");
        tx(s, "tx-parent-already-set", "bob has a parent already",
                TransactionCodec.setParent(TestChain.CHAIN_ID, bob, carol, 1_000, 1).encoded(), "parent_already_set");
    }

    private void blocks() throws Exception {
        Setup s = standard();
        Block parent = s.node.head();
        long ts = parent.header().timestampMillis() + INTERVAL;
        Transaction pay = transfer(alice, carol, QXC, 1_000, 1);
        String tip = s.node.modelTip();
        ImprovementProof p1 = TestChain.proof(alice, 10_000, "p1");
        ImprovementProof p3 = TestChain.proof(bob, 5_000, "p3", tip);
        // the valid block, made by a producer on a copy of the setup
        Setup producer = standard();
        producer.node.submit(pay.encoded());
        producer.time = ts;
        Block valid = producer.node.produceBlock(List.of(p3));
        if (valid.mints().size() != 1 || valid.transactions().size() != 1) {
            throw new IllegalStateException("the valid block should carry the transfer and the mint");
        }
        block(s, "block-valid", "a transfer and a mint for bob, split 80/20 with his parent alice", valid.encoded(), "valid");
        BlockHeader h = valid.header();
        block(s, "block-bad-merkle-root", "the header's transaction root is not the transactions'",
                resign(h, Root.TX, flip(h.txRoot()), valid), "bad_merkle_root");
        block(s, "block-bad-mint-root", "the header's mint root is not the mints'",
                resign(h, Root.MINT, flip(h.mintRoot()), valid), "bad_mint_root");
        block(s, "block-bad-state-commitment", "the header commits to another state",
                resign(h, Root.STATE, flip(h.stateCommitment()), valid), "bad_state_commitment");
        byte[] badSig = valid.encoded();
        badSig[h.encode().length + 3] ^= 1;
        block(s, "block-bad-producer-signature", "one bit of the producer's signature flipped", badSig, "bad_producer_signature");
        BlockHeader byStranger = new BlockHeader(h.chainId(), h.height(), h.previousHash(), h.timestampMillis(), h.txRoot(),
                h.mintRoot(), h.stateCommitment(), stranger.publicKey(), h.txCount(), h.mintCount());
        block(s, "block-unknown-producer", "signed correctly, by a key that is not a validator",
                BlockCodec.seal(byStranger, stranger, valid.transactions(), valid.mints()).encoded(), "unknown_producer");
        block(s, "block-timestamp-too-far-ahead", "16 s ahead of the node's clock (15 s allowed)",
                make(parent, s.now() + 16_000, List.of(pay), List.of(), new byte[32]).encoded(), "timestamp_too_far_ahead");
        block(s, "block-timestamp-not-increasing", "the same timestamp as its parent",
                make(parent, parent.header().timestampMillis(), List.of(pay), List.of(), new byte[32]).encoded(),
                "timestamp_not_increasing");
        block(s, "block-wrong-chain-id", "a block of another chain",
                BlockCodec.seal(new BlockHeader("qenex-other", h.height(), h.previousHash(), h.timestampMillis(), h.txRoot(),
                        h.mintRoot(), h.stateCommitment(), h.producerKey(), h.txCount(), h.mintCount()), validator,
                        valid.transactions(), valid.mints()).encoded(), "wrong_chain_id");
        block(s, "block-bad-height", "height 6 on a parent at height 3",
                BlockCodec.seal(new BlockHeader(h.chainId(), 6, h.previousHash(), h.timestampMillis(), h.txRoot(),
                        h.mintRoot(), h.stateCommitment(), h.producerKey(), h.txCount(), h.mintCount()), validator,
                        valid.transactions(), valid.mints()).encoded(), "bad_height");
        block(s, "block-unknown-parent", "its previous hash names no stored block",
                BlockCodec.seal(new BlockHeader(h.chainId(), h.height(), flip(h.previousHash()), h.timestampMillis(), h.txRoot(),
                        h.mintRoot(), h.stateCommitment(), h.producerKey(), h.txCount(), h.mintCount()), validator,
                        valid.transactions(), valid.mints()).encoded(), "unknown_parent");
        byte[] truncated = Arrays.copyOf(valid.encoded(), valid.size() - 3);
        block(s, "block-truncated", "the last 3 bytes are missing", truncated, "bad_encoding");
        block(s, "block-double-spend", "alice spends nonce 1 twice, to carol and to bob",
                make(parent, ts, List.of(pay, transfer(alice, bob, QXC, 1_000, 1)), List.of(), new byte[32]).encoded(),
                "double_spend");
        block(s, "block-duplicate-transaction", "the same transaction twice",
                make(parent, ts, List.of(pay, pay), List.of(), new byte[32]).encoded(), "double_spend");
        block(s, "block-overdraft-across-transactions", "two transfers of 30 QXC from alice's 39.99999",
                make(parent, ts, List.of(transfer(alice, carol, 30 * QXC, 1_000, 1), transfer(alice, carol, 30 * QXC, 1_000, 2)),
                        List.of(), new byte[32]).encoded(), "insufficient_balance");
        byte[] badTx = pay.encoded();
        badTx[badTx.length - 1] ^= 1;
        block(s, "block-transaction-bad-signature", "a transaction whose signature does not verify",
                make(parent, ts, List.of(TransactionCodec.decode(badTx, 512)), List.of(), new byte[32]).encoded(), "bad_signature");
        block(s, "block-transaction-wrong-chain", "a transaction signed for another chain",
                make(parent, ts, List.of(TransactionCodec.transfer("qenex-other", alice, carol.account(), QXC, 1_000, 1)),
                        List.of(), new byte[32]).encoded(), "wrong_chain_id");
        block(s, "block-mint-unverified-proof", "the verifier does not confirm the proof",
                make(parent, ts, List.of(), List.of(MintEntry.of(TestChain.proof(bob, 5_000, TestChain.UNVERIFIED, tip),
                        25 * QXC)), new byte[32]).encoded(), "proof_not_verified");
        block(s, "block-proof-rewarded-twice", "proof p1 was rewarded in block 1",
                make(parent, ts, List.of(), List.of(MintEntry.of(p1, 50 * QXC)),
                        new byte[32]).encoded(), "proof_already_rewarded");
        block(s, "block-proof-twice-in-block", "the same new proof in two mint entries",
                make(parent, ts, List.of(), List.of(MintEntry.of(p3, 25 * QXC), MintEntry.of(p3, 25 * QXC)), new byte[32]).encoded(),
                "proof_already_rewarded");
        block(s, "block-reward-above-schedule", "50 QXC claimed for a gain of 5000 ppm (schedule: 25 QXC)",
                make(parent, ts, List.of(), List.of(MintEntry.of(p3, 50 * QXC)), new byte[32]).encoded(), "reward_above_schedule");
        block(s, "block-reward-below-schedule", "20 QXC claimed where the schedule says 25 QXC",
                make(parent, ts, List.of(), List.of(MintEntry.of(p3, 20 * QXC)), new byte[32]).encoded(), "reward_below_schedule");
        block(s, "block-proof-no-gain", "a proof whose best gain is 0",
                make(parent, ts, List.of(), List.of(MintEntry.of(TestChain.proof(bob, 0, "flat", tip), 0)), new byte[32])
                        .encoded(), "proof_gain_too_small");
        block(s, "block-proof-bad-encoding", "the proof bytes are not an improvement proof",
                make(parent, ts, List.of(), List.of(new MintEntry("QXIP-garbage".getBytes(), 25 * QXC)), new byte[32]).encoded(),
                "bad_proof");
        block(s, "block-proof-bad-contributor", "the proof's contributor is not an address",
                make(parent, ts, List.of(), List.of(MintEntry.of(TestChain.withContributor(TestChain.proof(bob, 5_000, "bad-addr", tip), "qx1nope"),
                        25 * QXC)),
                        new byte[32]).encoded(), "bad_proof");
        proofAttacks(s, parent, ts, p1, p3, tip);
        // a block that credits the producer 50 QXC with no proof: only the state commitment can carry it
        block(s, "block-coinbase-without-proof", "the producer credits itself 50 QXC without a proof",
                make(parent, ts, List.of(), List.of(), forgedCoinbase(s, validator)).encoded(), "bad_state_commitment");
    }

    /**
     * Proofs a block producer could make from public data: each must be refused by the chain's own
     * rules, although the test verifier (like a verifier that only reproduces) confirms them all.
     */
    private void proofAttacks(Setup s, Block parent, long ts, ImprovementProof p1, ImprovementProof p3, String tip)
            throws Exception {
        String p1Version = p1.versionHash();
        block(s, "block-proof-forged-signature", "bob's proof with one bit of his signature flipped",
                mint(parent, ts, TestChain.withForgedSignature(p3), 25 * QXC), "bad_contributor_signature");
        block(s, "block-proof-swapped-contributor", "bob's proof redirected to stranger, bob's key and signature kept",
                mint(parent, ts, TestChain.withContributor(p3, stranger.address()), 25 * QXC), "contributor_key_mismatch");
        block(s, "block-proof-swapped-key", "bob's proof redirected to stranger with stranger's key, bob's signature kept",
                mint(parent, ts, withStrangersKey(p3), 25 * QXC), "bad_contributor_signature");
        block(s, "block-proof-replayed-for-another-contributor",
                "carol's rewarded version p2 made again for stranger (signed by stranger) on its parent p1",
                mint(parent, ts, TestChain.proof(stranger, 10_000, "p2-for-stranger", p1Version, "p2"), 50 * QXC),
                "proof_parent_rewarded");
        block(s, "block-proof-rebased-on-genesis",
                "alice's rewarded version p1 re-based on the genesis version at a new time, signed again by alice",
                mint(parent, ts, TestChain.proof(alice, 10_000, "p1-again", p1.parentVersionHash(), "p1"), 50 * QXC),
                "proof_parent_rewarded");
        block(s, "block-proof-rebased-keeping-signature",
                "alice's rewarded p1 moved onto the tip with a new version hash, her signature of the genesis parent kept",
                mint(parent, ts, TestChain.rebased(p1, tip), 50 * QXC), "bad_contributor_signature");
        block(s, "block-proof-replayed-predictions",
                "a new version on the tip, signed by stranger, that predicts exactly as the rewarded p1",
                mint(parent, ts, TestChain.proof(stranger, 10_000, "p1-on-tip", tip, "p1"), 50 * QXC),
                "proof_fingerprint_rewarded");
        block(s, "block-proof-parent-not-tip", "bob's proof extends a version the chain never rewarded",
                mint(parent, ts, TestChain.proof(bob, 5_000, "p3", TestChain.hex("a version made elsewhere")), 25 * QXC),
                "proof_parent_not_tip");
        block(s, "block-proof-siblings-in-block", "two children of the tip in one block: only one may be rewarded",
                make(parent, ts, List.of(), List.of(MintEntry.of(p3, 25 * QXC),
                        MintEntry.of(TestChain.proof(carol, 5_000, "p3-sibling", tip), 25 * QXC)), new byte[32]).encoded(),
                "proof_parent_rewarded");
    }

    /** {@code p} for stranger, with stranger's public key but the original contributor's signature. */
    private ImprovementProof withStrangersKey(ImprovementProof p) {
        return new ImprovementProof(p.versionHash(), p.parentVersionHash(), p.specification(), p.scores(), stranger.address(),
                p.acceptedAtMillis(), p.predictionFingerprint(), p.candidate(), HEX.formatHex(stranger.publicKey()),
                p.contributorSignature());
    }

    private byte[] mint(Block parent, long ts, ImprovementProof proof, long reward) {
        return make(parent, ts, List.of(), List.of(MintEntry.of(proof, reward)), new byte[32]).encoded();
    }

    private void capAndSize() throws Exception {
        ChainParameters base = TestChain.params();
        ChainParameters smallCap = new ChainParameters(base.chainId(), base.genesisTimeMillis(), base.validators(), 5_000,
                1 << 20, 512, 1_000, 6, 15_000, 50 * QXC, 60 * QXC, 2_000, 10_000, 1);
        Setup s = new Setup(smallCap);
        s.block(List.of(), List.of(TestChain.proof(alice, 10_000, "p1")));
        Block parent = s.node.head();
        long ts = parent.header().timestampMillis() + INTERVAL;
        ImprovementProof p2 = TestChain.proof(carol, 10_000, "p2", s.node.modelTip());
        block(s, "block-reward-above-cap", "cap 60 QXC, 50 minted: a claim of 12.5 QXC (the era's base) exceeds the 10 left",
                make(parent, ts, List.of(), List.of(MintEntry.of(p2, 1_250_000_000L)), new byte[32]).encoded(), "reward_above_cap");
        Setup producer = new Setup(smallCap);
        producer.block(List.of(), List.of(TestChain.proof(alice, 10_000, "p1")));
        producer.time = ts;
        Block capped = producer.node.produceBlock(List.of(p2));
        block(s, "block-reward-capped", "the schedule gives exactly what remains: 10 QXC", capped.encoded(), "valid");

        ChainParameters tiny = new ChainParameters(base.chainId(), base.genesisTimeMillis(), base.validators(), 5_000,
                4_096, 512, 1_000, 6, 15_000, 50 * QXC, 21_000_000 * QXC, 2_000, 10_000, 1);
        Setup t = new Setup(tiny);
        t.block(List.of(), List.of(TestChain.proof(alice, 10_000, "p1")));
        Block tp = t.node.head();
        List<Transaction> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(transfer(alice, carol, 1, 1_000, i));
        }
        block(t, "block-oversized", "30 transfers: more than the 4096-byte limit of this chain",
                make(tp, tp.header().timestampMillis() + INTERVAL, many, List.of(), new byte[32]).encoded(), "block_oversized");
    }

    private byte[] forgedCoinbase(Setup s, KeyPair producer) {
        org.qenex.chain.internal.state.StateChanges forged = s.node.chain().read(view -> {
            org.qenex.chain.internal.state.StateChanges c = new org.qenex.chain.internal.state.StateChanges(view);
            c.put(producer.account(), c.account(producer.account()).credit(50 * QXC));
            c.setMinted(c.minted() + 50 * QXC);
            return c;
        });
        return forged.commitment();
    }

    private enum Root { TX, MINT, STATE }

    /** The block with one header root replaced, signed again by the validator. */
    private byte[] resign(BlockHeader h, Root which, byte[] replacement, Block body) {
        BlockHeader changed = new BlockHeader(h.chainId(), h.height(), h.previousHash(), h.timestampMillis(),
                which == Root.TX ? replacement : h.txRoot(), which == Root.MINT ? replacement : h.mintRoot(),
                which == Root.STATE ? replacement : h.stateCommitment(), h.producerKey(), h.txCount(), h.mintCount());
        return BlockCodec.seal(changed, validator, body.transactions(), body.mints()).encoded();
    }

    private Block make(Block parent, long ts, List<Transaction> txs, List<MintEntry> mints, byte[] state) {
        BlockHeader header = new BlockHeader(TestChain.CHAIN_ID, parent.height() + 1, parent.hash(), ts, Block.txRoot(txs),
                Block.mintRoot(mints), state, validator.publicKey(), txs.size(), mints.size());
        return BlockCodec.seal(header, validator, txs, mints);
    }

    private static byte[] flip(byte[] b) {
        byte[] c = b.clone();
        c[0] ^= 1;
        return c;
    }

    /**
     * The proposer schedule, on a genesis of three validators (key 1, key 2, key 3, in that order)
     * with 5 s slots: slot 1's in-turn proposer is key 2, key 3 is one place behind (rank 1, its
     * grace 1,666 ms = 5,000 / 3), key 1 two places (3,332 ms).
     */
    private void turns() throws Exception {
        KeyPair second = TestChain.key(2);
        KeyPair third = TestChain.key(3);
        ChainParameters three = ChainParameters.defaults(TestChain.CHAIN_ID, TestChain.GENESIS_TIME,
                List.of(HEX.formatHex(validator.publicKey()), HEX.formatHex(second.publicKey()), HEX.formatHex(third.publicKey())));
        Setup s = new Setup(three);
        s.time = TestChain.GENESIS_TIME + 2 * INTERVAL;
        Block genesis = s.node.head();
        long slot1 = TestChain.GENESIS_TIME + INTERVAL;
        block(s, "block-in-turn", "slot 1 at its start, by its in-turn proposer (validators[1 mod 3])",
                empty(genesis, slot1, second).encoded(), "valid");
        block(s, "block-out-of-turn-after-grace", "slot 1 by the validator one place behind, 1,666 ms into the slot",
                empty(genesis, slot1 + 1_666, third).encoded(), "valid");
        block(s, "block-out-of-turn-too-early", "slot 1 by the validator one place behind, 1,665 ms into the slot",
                empty(genesis, slot1 + 1_665, third).encoded(), "out_of_turn_too_early");
        block(s, "block-out-of-turn-rank-two-too-early", "slot 1 by the validator two places behind, 3,331 ms into the slot"
                + " (3,332 needed)", empty(genesis, slot1 + 3_331, validator).encoded(), "out_of_turn_too_early");
        block(s, "block-out-of-turn-rank-two-after-grace", "slot 1 by the validator two places behind, 3,332 ms into the slot",
                empty(genesis, slot1 + 3_332, validator).encoded(), "valid");
        Block first = empty(genesis, slot1, second);
        s.node.importBlock(first.encoded());
        s.blocks.add(HEX.formatHex(first.encoded()));
        block(s, "block-slot-taken", "a second block in slot 1 (4 s after the first, by the next validator): one block per slot",
                empty(first, slot1 + 4_000, third).encoded(), "slot_taken");
        block(s, "block-next-slot", "slot 2 on slot 1's block, by slot 2's in-turn proposer",
                empty(first, slot1 + INTERVAL, third).encoded(), "valid");
    }

    /** A block with nothing in it (its state is its parent's), signed by {@code producer}. */
    private static Block empty(Block parent, long ts, KeyPair producer) {
        BlockHeader header = new BlockHeader(TestChain.CHAIN_ID, parent.height() + 1, parent.hash(), ts, Block.txRoot(List.of()),
                Block.mintRoot(List.of()), parent.header().stateCommitment(), producer.publicKey(), 0, 0);
        return BlockCodec.seal(header, producer, List.of(), List.of());
    }

    private void tx(Setup s, String name, String description, byte[] input, String expected) throws Exception {
        write(s, name, description, "transaction", input, expected);
    }

    private void block(Setup s, String name, String description, byte[] input, String expected) throws Exception {
        write(s, name, description, "block", input, expected);
    }

    private void write(Setup s, String name, String description, String type, byte[] input, String expected) throws Exception {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", name);
        v.put("description", description);
        v.put("type", type);
        v.put("genesis", GenesisFile.toJson(s.params));
        v.put("setup", s.blocks);
        v.put("now", s.now());
        v.put("input", HEX.formatHex(input));
        v.put("expected", expected);
        JSON.writeValue(dir.resolve(name + ".json").toFile(), v);
        written++;
    }
}
