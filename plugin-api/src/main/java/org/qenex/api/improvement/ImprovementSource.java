package org.qenex.api.improvement;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The improvements this node has accepted, for its block producer to carry into blocks. Provided
 * by the AI subsystem.
 *
 * @since 1.0.0
 */
@ProviderType
public interface ImprovementSource {

    /**
     * Accepted improvements that name a contributor, oldest first. The chain skips those it has
     * already rewarded, so an implementation may return a proof more than once.
     */
    List<ImprovementProof> acceptedProofs();

    /**
     * Asks the background improver to search for an improvement now, on behalf of
     * {@code contributor} (what {@code qenex:mine start} does); returns at once.
     */
    void requestWork(String contributor);
}
