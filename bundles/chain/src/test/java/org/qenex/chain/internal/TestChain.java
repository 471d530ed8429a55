package org.qenex.chain.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.TaskScore;
import org.qenex.api.improvement.VerificationResult;
import org.qenex.api.storage.Store;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.ProofCheck;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.crypto.Sha256;
import org.qenex.chain.internal.state.ModelLink;

/** Shared fixtures: fixed keys, parameters, proofs, a settable clock, typed configurations. */
public final class TestChain {

    public static final long GENESIS_TIME = 1_700_000_000_000L;
    public static final String CHAIN_ID = "qenex-test";
    /** Proofs whose specification contains this word fail verification. */
    public static final String UNVERIFIED = "unverified";
    /** Proofs whose specification contains this word cannot be checked (the verifier answers undecided). */
    public static final String UNDECIDED = "undecided";
    public static final ProofCheck VERIFIER = proof -> proof.specification().contains(UNVERIFIED)
            ? VerificationResult.invalid("reproduces differently")
            : proof.specification().contains(UNDECIDED) ? VerificationResult.undecided("parent not known here yet")
                    : VerificationResult.valid("reproduced");

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

    /**
     * A proof of the first version (on the genesis parent), signed by {@code contributor}, with the
     * given gain; {@code tag} makes it unique.
     */
    public static ImprovementProof proof(KeyPair contributor, long gainPpm, String tag) {
        return proof(contributor, gainPpm, tag, ModelLink.GENESIS_VERSION);
    }

    /** A signed proof of a version on {@code parent}; its version hash and fingerprint are hashes of the tag and parent. */
    public static ImprovementProof proof(KeyPair contributor, long gainPpm, String tag, String parent) {
        return proof(contributor, gainPpm, tag, parent, tag);
    }

    /**
     * A signed proof whose predictions are those of {@code predictionsTag}: a version made again
     * (on another parent, at another time, for another contributor) predicts as the original.
     */
    public static ImprovementProof proof(KeyPair contributor, long gainPpm, String tag, String parent, String predictionsTag) {
        String candidate = "{\"pipelines\":{\"lang-id\":{\"learner\":\"J48\",\"tag\":\"" + predictionsTag + "\"}}}";
        return signed(new ImprovementProof(hex("version|" + tag + "|" + parent), parent,
                "{\"learner\":\"J48\",\"tag\":\"" + tag + "\"}",
                List.of(new TaskScore("lang-id", "1", "c".repeat(64), 800_000, 800_000 + gainPpm)), contributor.address(),
                GENESIS_TIME + 1, hex("fingerprint|" + predictionsTag), candidate, "", ""), contributor);
    }

    /** {@code p} with another contributor, its key and signature kept: what a producer redirecting a reward would make. */
    public static ImprovementProof withContributor(ImprovementProof p, String contributor) {
        return new ImprovementProof(p.versionHash(), p.parentVersionHash(), p.specification(), p.scores(), contributor,
                p.acceptedAtMillis(), p.predictionFingerprint(), p.candidate(), p.contributorKey(), p.contributorSignature());
    }

    /** {@code p} with one bit of the contributor's signature flipped. */
    public static ImprovementProof withForgedSignature(ImprovementProof p) {
        byte[] signature = HexFormat.of().parseHex(p.contributorSignature());
        signature[7] ^= 1;
        return new ImprovementProof(p.versionHash(), p.parentVersionHash(), p.specification(), p.scores(), p.contributor(),
                p.acceptedAtMillis(), p.predictionFingerprint(), p.candidate(), p.contributorKey(),
                HexFormat.of().formatHex(signature));
    }

    /** {@code p} moved onto another parent (a new version hash), the contributor's signature of the old parent kept. */
    public static ImprovementProof rebased(ImprovementProof p, String parent) {
        return new ImprovementProof(hex("rebased|" + p.versionHash() + "|" + parent), parent, p.specification(), p.scores(),
                p.contributor(), p.acceptedAtMillis() + 1, p.predictionFingerprint(), p.candidate(), p.contributorKey(),
                p.contributorSignature());
    }

    /** {@code proof} with {@code signer}'s key and signature over its statement. */
    public static ImprovementProof signed(ImprovementProof p, KeyPair signer) {
        return new ImprovementProof(p.versionHash(), p.parentVersionHash(), p.specification(), p.scores(), p.contributor(),
                p.acceptedAtMillis(), p.predictionFingerprint(), p.candidate(), HexFormat.of().formatHex(signer.publicKey()),
                HexFormat.of().formatHex(signer.sign(p.statement())));
    }

    /** Lower-case hex SHA-256 of a text. */
    public static String hex(String text) {
        return HexFormat.of().formatHex(Sha256.hash(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Proofs that extend one another, as the AI makes them: each names the previous one's version
     * as its parent.
     */
    public static final class ModelLine {
        private String tip;

        public ModelLine() {
            this(ModelLink.GENESIS_VERSION);
        }

        /** A line that continues from {@code tip} (e.g. a node's {@code modelTip()}). */
        public ModelLine(String tip) {
            this.tip = tip;
        }

        public ImprovementProof next(KeyPair contributor, long gainPpm, String tag) {
            ImprovementProof proof = proof(contributor, gainPpm, tag, tip);
            tip = proof.versionHash();
            return proof;
        }

        public String tip() {
            return tip;
        }
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

    /**
     * The clock of a node that produces blocks as fast as it can: each read is one slot after the
     * last, so every block has a slot of its own (the proposer schedule allows one per slot).
     * Start it at the stored head's time after opening the node.
     */
    public static final class SlotClock implements LongSupplier {
        private final AtomicLong last = new AtomicLong(GENESIS_TIME);

        @Override
        public long getAsLong() {
            return last.addAndGet(5_000);
        }

        public void startAfter(long timestampMillis) {
            last.accumulateAndGet(timestampMillis, Math::max);
        }
    }

    public static ChainNode node(Store store, Clock clock) {
        ChainNode node = new ChainNode(params(), store, validator(), VERIFIER, () -> clock.advance(5_000),
                ChainNode.Limits.DEFAULT);
        node.open();
        return node;
    }

    /** A component's typed configuration as SCR would hand it over: its defaults, but for {@code values} by attribute name. */
    public static <A extends Annotation> A configuration(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> type;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> type.getSimpleName() + values;
                    default -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                }));
    }
}
