package org.qenex.chain.internal.production;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementSource;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.WorkScheduler;
import org.qenex.chain.internal.ledger.Ledger;

/**
 * The block producer's intake of improvement proofs. Each block interval it takes from the
 * {@link ImprovementSource} only the proofs accepted after the last one it received
 * ({@link ImprovementSource#acceptedProofsAfter}, the cursor being that proof's id), and keeps those
 * not rewarded yet until a block carries them.
 *
 * <p>Nothing is lost across a restart or an update of either bundle: a new intake (the chain bundle
 * restarted) starts without a cursor and receives every proof once, dropping the rewarded ones; a
 * new source (the AI bundle restarted, or a plugin's source) answers a cursor it does not know with
 * every proof.
 *
 * <p>Verifying retrains a model and may take minutes, and blocks must keep coming meanwhile: a proof
 * is handed to a background (LOW) job of its own, held back while the service is busy, and carried
 * by a later block once that job saw it verified. The verdict itself is the verifier's to remember
 * (through {@link Ledger#verifyProof}); this class only tracks which pending proofs are confirmed.
 */
final class ProofIntake {

    private final Ledger ledger;
    private final WorkScheduler scheduler;
    /** Proofs received and not rewarded yet, in acceptance order, by id. */
    private final Map<String, ImprovementProof> pending = new LinkedHashMap<>();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final Set<String> verifying = ConcurrentHashMap.newKeySet();
    private String lastSeen;

    ProofIntake(Ledger ledger, WorkScheduler scheduler) {
        this.ledger = ledger;
        this.scheduler = scheduler;
    }

    /** Takes the new proofs from {@code source} and answers the pending ones a block may carry now. */
    synchronized List<ImprovementProof> ready(ImprovementSource source) {
        for (ImprovementProof proof : source.acceptedProofsAfter(lastSeen)) {
            pending.putIfAbsent(proof.id(), proof);
            lastSeen = proof.id();
        }
        List<ImprovementProof> ready = new ArrayList<>();
        for (Iterator<ImprovementProof> it = pending.values().iterator(); it.hasNext();) {
            ImprovementProof proof = it.next();
            String id = proof.id();
            if (ledger.isSpent(proof)) {
                // rewarded, or can never be (another child of its parent was): not worth retraining
                it.remove();
                confirmed.remove(id);
            } else if (confirmed.contains(id)) {
                ready.add(proof);
            } else {
                verifyLater(proof, id);
            }
        }
        return ready;
    }

    /** How many received proofs wait for a block (for tests and the status). */
    synchronized int pending() {
        return pending.size();
    }

    private void verifyLater(ImprovementProof proof, String id) {
        if (!verifying.add(id)) {
            return;
        }
        scheduler.submit("chain-verify-proof", JobPriority.LOW, () -> {
            try {
                if (ledger.verifyProof(proof)) {
                    confirmed.add(id);
                }
            } finally {
                verifying.remove(id);
            }
        });
    }
}
