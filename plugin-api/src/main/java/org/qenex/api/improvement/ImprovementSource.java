package org.qenex.api.improvement;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The improvements this node has accepted, for its block producer to carry into blocks. Provided
 * by the AI subsystem.
 *
 * <p>A consumer keeps the id of the last proof it received and asks only for those accepted after it
 * ({@link #acceptedProofsAfter(String)}): each interval costs what is new, not the whole history,
 * and a consumer that was stopped or updated asks again from the last id it still holds (or from
 * the start), so no proof is lost.
 *
 * @since 1.0.0
 */
@ProviderType
public interface ImprovementSource {

    /**
     * Accepted improvements that name a contributor, oldest first. The chain skips those it has
     * already rewarded, so an implementation may return a proof more than once. Every proof, at every
     * call: a consumer that asks repeatedly should use {@link #acceptedProofsAfter(String)}.
     */
    List<ImprovementProof> acceptedProofs();

    /**
     * The accepted proofs after the one whose {@link ImprovementProof#id()} is {@code lastSeenId},
     * oldest first (acceptance order never changes: proofs are only appended).
     *
     * <p>{@code null}, or an id this source does not know (the consumer's cursor came from another
     * source, or from a history this one no longer has), answers every accepted proof, as
     * {@link #acceptedProofs()} does: a consumer never misses a proof by holding a stale cursor.
     * The default does exactly that from {@link #acceptedProofs()}; the AI's implementation reads
     * only the versions after the cursor.
     *
     * @since 2.1.0
     */
    default List<ImprovementProof> acceptedProofsAfter(String lastSeenId) {
        List<ImprovementProof> all = acceptedProofs();
        for (int i = 0; lastSeenId != null && i < all.size(); i++) {
            if (Objects.equals(all.get(i).id(), lastSeenId)) {
                return List.copyOf(all.subList(i + 1, all.size()));
            }
        }
        return all;
    }

    /**
     * Asks the background improver to search for an improvement now, on behalf of
     * {@code contributor} (what {@code qenex:mine start} does); returns at once.
     */
    void requestWork(String contributor);
}
