package org.qenex.ai.internal.node;

import java.util.List;
import java.util.Optional;

import org.qenex.ai.internal.eval.ModelSerialization;
import org.qenex.ai.internal.eval.TrainedModel;
import org.qenex.ai.internal.version.ChainCheck;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.NodeKey;
import org.qenex.ai.internal.version.VersionChain;

/** The node's versions as the shell, REST and the improver read them; {@link VersionWriter} appends them. */
public final class ModelVersions {

    private final VersionChain chain;
    private final NodeKey key;

    public ModelVersions(VersionChain chain, NodeKey key) {
        this.chain = chain;
        this.key = key;
    }

    /** Every version, oldest first. */
    public List<ModelVersion> all() {
        return chain.all();
    }

    /** A version by sequence number or hash. */
    public Optional<ModelVersion> find(String id) {
        if (id.matches("[0-9]{1,18}")) {
            return chain.bySequence(Long.parseLong(id));
        }
        return chain.byHash(id);
    }

    /** The hash of the latest version: what a candidate must be signed for. */
    public String latestHash() {
        return chain.latest().map(ModelVersion::hash).orElse(ModelVersion.GENESIS_PARENT);
    }

    /** Walks the chain: hashes, parent links, this node's signatures, contributors' signatures, model bytes. */
    public ChainCheck verify() {
        return chain.verify(key.publicKeyHex());
    }

    /** Checks one version (by hash or sequence) as {@link #verify} checks each; empty when there is none. */
    public Optional<ChainCheck> verify(String id) {
        return find(id).flatMap(v -> chain.verifyOne(v.sequence(), key.publicKeyHex()));
    }

    /** Reads a stored model back, for tools and tests. */
    public Optional<weka.classifiers.Classifier> model(String hash) {
        return chain.model(hash).map(TrainedModel::new).map(ModelSerialization::read);
    }
}
