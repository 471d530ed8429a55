package org.qenex.monitoring.internal.collect;

import java.util.List;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementSource;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * What plugin-api says about the AI: the improvements the node accepted. Candidates by state and
 * evaluations are not offered by any plugin-api service yet, so they are not exported.
 *
 * <p>A scrape asks only for the proofs accepted since the last one it saw
 * ({@link ImprovementSource#acceptedProofsAfter(String)}), so its cost follows what is new, not the
 * model's whole history.
 */
@Component(service = MultiCollector.class)
public final class AiCollector implements MultiCollector {

    private final ImprovementSource improvements;
    private String lastSeenId;
    private String firstId;
    private long accepted;

    @Activate
    public AiCollector(@Reference ImprovementSource improvements) {
        this.improvements = improvements;
    }

    @Override
    public MetricSnapshots collect() {
        return collect((Predicate<String>) null);
    }

    /** The AI is asked for new proofs only by a scrape that takes the family. */
    @Override
    public MetricSnapshots collect(Predicate<String> included) {
        return Families.select(included).add("qenex_ai_accepted_improvements", () -> Families.gauge(
                "qenex_ai_accepted_improvements",
                "Improvements of the cumulative model this node accepted that name a contributor (the versions after genesis).",
                null, accepted())).snapshots();
    }

    private synchronized long accepted() {
        List<ImprovementProof> fresh = improvements.acceptedProofsAfter(lastSeenId);
        if (fresh.isEmpty()) {
            return accepted;
        }
        String first = fresh.get(0).id();
        // An answer that starts at the first proof is the whole history: the first scrape, or a source
        // that no longer knew the cursor (a restored store). Proofs after a known cursor never start there.
        if (lastSeenId == null || first.equals(firstId)) {
            firstId = first;
            accepted = 0;
        }
        accepted += fresh.size();
        lastSeenId = fresh.get(fresh.size() - 1).id();
        return accepted;
    }
}
