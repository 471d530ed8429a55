package org.qenex.ai.internal.node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.qenex.api.improvement.VerificationResult;

/**
 * The node's one cache of proof verdicts, by proof id: the chain asks the verifier for every proof
 * of every block it validates (and its producer before a proof goes into a block) and keeps none
 * itself. Least recently used verdicts go first beyond {@value #REMEMBERED}.
 */
final class VerdictCache {

    static final int REMEMBERED = 10_000;

    private final Map<String, VerificationResult> verdicts = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, VerificationResult> eldest) {
            return size() > REMEMBERED;
        }
    };

    synchronized Optional<VerificationResult> get(String proofId) {
        return Optional.ofNullable(verdicts.get(proofId));
    }

    synchronized void put(String proofId, VerificationResult verdict) {
        verdicts.put(proofId, verdict);
    }
}
