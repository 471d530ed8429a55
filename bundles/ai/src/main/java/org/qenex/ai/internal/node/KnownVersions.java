package org.qenex.ai.internal.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.qenex.ai.internal.spec.CandidateSpec;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.VersionChain;
import org.qenex.ai.internal.version.VersionTask;
import org.qenex.api.improvement.ContributorSignature;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.Store;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The versions a proof may name as its parent: the genesis parent, this node's own versions
 * ({@link VersionChain}), and the versions established by proofs this node verified (namespace
 * {@value #VERIFIED}, by version hash, so they survive a restart). A proof from another node is
 * checked after its parent's proof (the chain verifies a block's proofs in order, oldest first),
 * so every link back to the genesis parent was reproduced somewhere on this node.
 */
public final class KnownVersions {

    public static final String VERIFIED = "ai.verified-versions";
    /** Versions verified here, as this node would append them (sequence and signature left out), by hash. */
    public static final String ADOPTABLE = "ai.adoptable-versions";

    private final Store store;
    private final VersionChain chain;
    private final Namespace<String, byte[]> verified;
    private final Namespace<String, byte[]> adoptable;
    private final ObjectMapper mapper = new ObjectMapper();

    public KnownVersions(Store store) {
        this.store = store;
        this.chain = new VersionChain(store);
        this.verified = store.namespace(VERIFIED, Codecs.STRING, Codecs.BYTES);
        this.adoptable = store.namespace(ADOPTABLE, Codecs.STRING, Codecs.BYTES);
    }

    public Optional<ParentVersion> find(String hash) {
        if (ModelVersion.GENESIS_PARENT.equals(hash)) {
            return Optional.of(ParentVersion.genesis());
        }
        Optional<ParentVersion> own = chain.byHash(hash).map(ParentVersion::of);
        return own.isPresent() ? own : verified.get(hash).map(this::decode);
    }

    /** Records the version a proof that reproduced here established, unless it is known already. */
    public void remember(ImprovementProof reproduced, CandidateSpec candidate) {
        if (find(reproduced.versionHash()).isEmpty()) {
            verified.put(reproduced.versionHash(), encode(ParentVersion.of(reproduced, candidate)));
        }
    }

    /**
     * Records the version a proof that reproduced here established, as a parent later proofs may name
     * and as a version this node can adopt once the chain mints it ({@link ModelAdoption}): its tasks as
     * re-derived here and the bytes of its models, in one batch, so adopting it trains nothing.
     */
    public void remember(ImprovementProof reproduced, CandidateSpec candidate, List<VersionTask> tasks,
            Map<String, byte[]> models) {
        if (chain.byHash(reproduced.versionHash()).isPresent()) {
            return; // this node's own version
        }
        ModelVersion version = new ModelVersion(0, reproduced.parentVersionHash(), tasks, reproduced.contributor(),
                reproduced.acceptedAtMillis(), reproduced.predictionFingerprint(), reproduced.versionHash(), "", "",
                reproduced.candidate(), new ContributorSignature(reproduced.contributor(), reproduced.contributorKey(),
                        reproduced.contributorSignature()));
        Batch batch = store.batch();
        models.forEach((hash, bytes) -> batch.put(chain.modelsNamespace(), hash, bytes));
        batch.put(verified, reproduced.versionHash(), encode(ParentVersion.of(reproduced, candidate)));
        batch.put(adoptable, reproduced.versionHash(), chain.encode(version));
        batch.commit();
    }

    /** A version verified here (not this node's own), ready to be adopted: sequence 0 and no signature yet. */
    public Optional<ModelVersion> adoptable(String hash) {
        return adoptable.get(hash).map(chain::decode);
    }

    private byte[] encode(ParentVersion version) {
        try {
            return mapper.writeValueAsBytes(version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ParentVersion decode(byte[] bytes) {
        try {
            return mapper.readValue(bytes, ParentVersion.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a verified version cannot be read: " + e.getMessage(), e);
        }
    }
}
