package org.qenex.chain.internal;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.TaskScore;
import org.qenex.api.storage.Store;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.ProofCheck;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.ledger.ChainNode;

/** Shared fixtures: fixed keys, parameters, proofs, a settable clock. */
public final class TestChain {

    public static final long GENESIS_TIME = 1_700_000_000_000L;
    public static final String CHAIN_ID = "qenex-test";
    /** Proofs whose specification contains this word fail verification. */
    public static final String UNVERIFIED = "unverified";
    public static final ProofCheck VERIFIER = proof -> !proof.specification().contains(UNVERIFIED);

    private TestChain() {
    }

    /** A key from a fixed seed: the same on every run. */
    public static KeyPair key(int seed) {
        byte[] privateKey = new byte[32];
        Arrays.fill(privateKey, (byte) seed);
        return new KeyPair(privateKey);
    }

    public static KeyPair validator() {
        return key(1);
    }

    public static ChainParameters params() {
        return ChainParameters.defaults(CHAIN_ID, GENESIS_TIME, List.of(HexFormat.of().formatHex(validator().publicKey())));
    }

    /** A proof for {@code contributor} with the given gain; {@code tag} makes it unique. */
    public static ImprovementProof proof(String contributor, long gainPpm, String tag) {
        return new ImprovementProof("a".repeat(64), "b".repeat(64), "{\"learner\":\"J48\",\"tag\":\"" + tag + "\"}",
                List.of(new TaskScore("lang-id", "1", "c".repeat(64), 800_000, 800_000 + gainPpm)), contributor,
                GENESIS_TIME + 1);
    }

    /** A clock tests move by hand; starts one interval after genesis. */
    public static final class Clock {
        private final AtomicLong now = new AtomicLong(GENESIS_TIME + 5_000);

        public long now() {
            return now.get();
        }

        public long advance(long millis) {
            return now.addAndGet(millis);
        }
    }

    public static ChainNode node(Store store, Clock clock) {
        ChainNode node = new ChainNode(params(), store, validator(), VERIFIER, () -> clock.advance(5_000),
                ChainNode.Limits.DEFAULT);
        node.open();
        return node;
    }
}
