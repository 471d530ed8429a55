package org.qenex.monitoring.internal.collect;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.improvement.ImprovementSource;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * What plugin-api says about the AI: the improvements the node accepted. Candidates by state and
 * evaluations are not offered by any plugin-api service yet, so they are not exported.
 */
@Component(service = MultiCollector.class)
public final class AiCollector implements MultiCollector {

    private final ImprovementSource improvements;

    @Activate
    public AiCollector(@Reference ImprovementSource improvements) {
        this.improvements = improvements;
    }

    @Override
    public MetricSnapshots collect() {
        return MetricSnapshots.of(Families.gauge("qenex_ai_accepted_improvements",
                "Improvements of the cumulative model this node accepted that name a contributor (the versions after genesis).",
                null, improvements.acceptedProofs().size()));
    }
}
