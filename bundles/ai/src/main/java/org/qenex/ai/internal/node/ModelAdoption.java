package org.qenex.ai.internal.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.NodeKey;
import org.qenex.ai.internal.version.VersionChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the node's version chain follow the chain's model tip: the versions the chain minted that
 * this node did not accept itself (it verified their proofs when their blocks came, see
 * {@link KnownVersions#adoptable}) are appended in the chain's order, each signed by this node (it
 * reproduced it), with the models its verification trained; the champion becomes the tip, so the
 * judge and the improver build on it. A version of this node's own that the chain did not mint
 * (another child of the same parent won the block) is removed: it can never be minted, and
 * candidates built on it would not be either. The version hashes, and their order, are then the
 * same on every node that follows the chain.
 */
public final class ModelAdoption {

    private static final Logger LOG = LoggerFactory.getLogger(ModelAdoption.class);

    private final VersionChain chain;
    private final KnownVersions known;
    private final Champions champions;
    private final NodeKey key;
    private final Object lock;

    ModelAdoption(VersionChain chain, KnownVersions known, Champions champions, NodeKey key, Object lock) {
        this.chain = chain;
        this.known = known;
        this.champions = champions;
        this.key = key;
        this.lock = lock;
    }

    /**
     * Adopts the chain's model tip {@code tip} and the versions leading to it.
     *
     * @return what changed, for the log; empty when this node's chain already holds the tip, or when a
     *         version on the way was not verified here (its block is not on this node's chain, so the
     *         tip will come again)
     */
    public Optional<String> adopt(String tip) {
        synchronized (lock) { // never while a candidate is judged against the champion
            if (ModelVersion.GENESIS_PARENT.equals(tip) || chain.byHash(tip).isPresent()) {
                return Optional.empty();
            }
            List<ModelVersion> path = new ArrayList<>();
            String hash = tip;
            Optional<ModelVersion> ownAncestor = Optional.empty();
            while (!ModelVersion.GENESIS_PARENT.equals(hash)) {
                ownAncestor = chain.byHash(hash);
                if (ownAncestor.isPresent()) {
                    break;
                }
                Optional<ModelVersion> verified = known.adoptable(hash);
                if (verified.isEmpty()) {
                    LOG.warn("The chain's model tip {} leads through version {}, which this node has not verified: not adopted",
                            tip, hash);
                    return Optional.empty();
                }
                path.add(0, verified.get());
                hash = verified.get().parentHash();
            }
            long fork = ownAncestor.map(ModelVersion::sequence).orElse(0L);
            List<ModelVersion> superseded = chain.after(fork);
            List<ModelVersion> adopted = new ArrayList<>();
            long sequence = fork;
            for (ModelVersion v : path) {
                sequence++;
                adopted.add(new ModelVersion(sequence, v.parentHash(), v.tasks(), v.contributor(), v.acceptedAtMillis(),
                        v.predictionFingerprint(), v.hash(), key.sign(v.hash()), key.publicKeyHex(), v.candidate(),
                        v.contributorSignature()));
            }
            chain.adopt(fork, adopted, Map.of()); // the models were stored when the proofs verified
            champions.reload();
            String note = "adopted " + adopted.size() + " version(s) minted by the chain, now at version " + sequence + " ("
                    + tip + ")" + (superseded.isEmpty() ? ""
                            : "; removed " + superseded.size() + " own version(s) the chain did not mint, from "
                                    + superseded.get(0).hash());
            LOG.info("Model: {}", note);
            return Optional.of(note);
        }
    }
}
