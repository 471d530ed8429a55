package org.qenex.ai.internal.version;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.qenex.api.improvement.ContributorSignature;

/**
 * One version of the cumulative model: the champion pipeline, model and score of every task,
 * chained to its parent by hash and signed by the node that accepted it.
 *
 * <p>{@link #hash()} covers everything but the sequence number (the chain position) and the
 * signature: see {@link VersionHashing}. All of it can be re-derived from an improvement proof by
 * retraining, so any node can check a proof's version hash.
 *
 * @param sequence 1 for the first version, then consecutive
 * @param parentHash hash of the previous version, {@link #GENESIS_PARENT} for the first
 * @param tasks per task, in name order
 * @param contributor the chain address credited with the improvement
 * @param acceptedAtMillis when it was accepted (epoch milliseconds)
 * @param predictionFingerprint hex SHA-256 of the held-out predictions of every task ({@link PredictionFingerprint})
 * @param hash hex SHA-256 of the canonical content
 * @param signature hex Ed25519 signature of the hash's bytes by the node key
 * @param signerKey hex X.509 encoding of the node's public key
 * @param candidate the accepted candidate's JSON exactly as its contributor signed it
 * @param contributorSignature the contributor's key and signature over the candidate on {@code parentHash}
 *        (not covered by {@link #hash()}: it is carried by the proof, and the chain checks it)
 */
public record ModelVersion(long sequence, String parentHash, List<VersionTask> tasks, String contributor,
        long acceptedAtMillis, String predictionFingerprint, String hash, String signature, String signerKey,
        String candidate, ContributorSignature contributorSignature) {

    /** The parent hash of the first version: 64 zeros. */
    public static final String GENESIS_PARENT = "0".repeat(64);

    public ModelVersion {
        Objects.requireNonNull(parentHash, "parentHash");
        Objects.requireNonNull(contributor, "contributor");
        Objects.requireNonNull(predictionFingerprint, "predictionFingerprint");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(signerKey, "signerKey");
        candidate = candidate == null ? "" : candidate;
        contributorSignature = contributorSignature == null ? new ContributorSignature(contributor, "", "") : contributorSignature;
        tasks = tasks.stream().sorted(Comparator.comparing(VersionTask::name)).toList();
    }

    public java.util.Optional<VersionTask> task(String name) {
        return tasks.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
