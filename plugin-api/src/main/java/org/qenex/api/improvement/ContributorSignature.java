package org.qenex.api.improvement;

import java.util.Objects;

/**
 * A contributor's signature of a {@link CandidateStatement}.
 *
 * @param contributor the address the key belongs to
 * @param publicKey hex of the 32-byte Ed25519 public key
 * @param signature hex of the 64-byte Ed25519 signature over the statement
 * @since 2.0.0
 */
public record ContributorSignature(String contributor, String publicKey, String signature) {

    public ContributorSignature {
        Objects.requireNonNull(contributor, "contributor");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(signature, "signature");
    }
}
