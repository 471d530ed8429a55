package org.qenex.ai.internal.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import org.qenex.ai.internal.spec.CandidateSpec;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.VersionChain;
import org.qenex.api.improvement.ImprovementProof;
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

    private final VersionChain chain;
    private final Namespace<String, byte[]> verified;
    private final ObjectMapper mapper = new ObjectMapper();

    public KnownVersions(Store store) {
        this.chain = new VersionChain(store);
        this.verified = store.namespace(VERIFIED, Codecs.STRING, Codecs.BYTES);
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
