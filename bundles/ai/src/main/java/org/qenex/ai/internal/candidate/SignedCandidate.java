package org.qenex.ai.internal.candidate;

import java.util.Objects;

import org.qenex.api.improvement.CandidateStatement;
import org.qenex.api.improvement.ContributorSignature;

/**
 * A candidate as its contributor signed it: the specification text exactly as signed, the version
 * it is meant to improve, and the contributor's key and signature over the
 * {@link CandidateStatement} of the three (docs/chain-format.md, "Contributor signature").
 *
 * @param specification the candidate's JSON, byte for byte what was signed
 * @param parent hash of the version it is applied to (64 zeros for the first)
 * @param signature contributor address, public key and signature
 */
public record SignedCandidate(String specification, String parent, ContributorSignature signature) {

    public SignedCandidate {
        Objects.requireNonNull(specification, "specification");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(signature, "signature");
    }

    public String contributor() {
        return signature.contributor();
    }

    /** Whether the key belongs to the contributor and signed this candidate on this parent. */
    public boolean verifies() {
        try {
            return CandidateStatement.verify(signature.contributor(), signature.publicKey(), signature.signature(),
                    CandidateStatement.bytes(parent, signature.contributor(), specification));
        } catch (IllegalArgumentException e) {
            // a parent that is not a hash or a contributor that is not an address
            return false;
        }
    }
}
