package org.qenex.ai.internal.node;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.VersionChain;
import org.qenex.api.improvement.ImprovementProof;

/**
 * The proofs of this node's versions, oldest first, for the chain's block producer: those after
 * the last proof it received ({@link #after(String)}), so each block interval reads only the new
 * versions. A proof's position is its version's sequence; the ids this feed handed out are indexed
 * in memory, and an id it does not know (the consumer's cursor predates a restart of this bundle,
 * or came from another source) is looked up once in the whole history, else answered with every
 * proof: a stale cursor never hides one.
 */
public final class AcceptedProofs {

    private final VersionChain chain;
    private final ProofFormat format = new ProofFormat();
    private final Map<String, Long> sequenceOfId = new ConcurrentHashMap<>();

    public AcceptedProofs(VersionChain chain) {
        this.chain = chain;
    }

    /** A proof for every version, oldest first. */
    public List<ImprovementProof> all() {
        return proofs(chain.all());
    }

    /** The proofs after the one with id {@code lastSeenId}; every proof for {@code null} or an unknown id. */
    public List<ImprovementProof> after(String lastSeenId) {
        if (lastSeenId == null) {
            return all();
        }
        Long sequence = sequenceOfId.get(lastSeenId);
        if (sequence == null) {
            List<ImprovementProof> every = all(); // indexes every id
            sequence = sequenceOfId.get(lastSeenId);
            if (sequence == null) {
                return every;
            }
        }
        return proofs(chain.after(sequence));
    }

    private List<ImprovementProof> proofs(List<ModelVersion> versions) {
        return versions.stream().map(version -> {
            ImprovementProof proof = format.proofOf(version);
            sequenceOfId.put(proof.id(), version.sequence());
            return proof;
        }).toList();
    }
}
