package org.qenex.monitoring.internal.collect;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.qenex.api.event.QenexTopics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The AI's candidates and versions as it announces them ({@link QenexTopics#AI_CANDIDATE},
 * {@link QenexTopics#AI_VERSION}): how many candidates entered each state (an evaluation ends in
 * one of the final states) and how many versions the model accepted or adopted. No plugin-api
 * service lists candidates, so they are counted from events.
 */
@Component(service = {EventHandler.class, MultiCollector.class}, property = {
        EventConstants.EVENT_TOPIC + "=" + QenexTopics.AI_CANDIDATE, EventConstants.EVENT_TOPIC + "=" + QenexTopics.AI_VERSION})
public final class AiActivity implements EventHandler, MultiCollector {

    /** States are the AI's own words; a bound keeps a misbehaving publisher from growing the page without end. */
    static final int MAX_STATES = 32;

    private final Map<String, LongAdder> candidatesByState = new ConcurrentHashMap<>();
    private final LongAdder versions = new LongAdder();

    @Override
    public void handleEvent(Event event) {
        if (QenexTopics.AI_VERSION.equals(event.getTopic())) {
            versions.increment();
        } else if (event.getProperty(QenexTopics.STATE) instanceof String state && !state.isBlank()) {
            String key = candidatesByState.size() < MAX_STATES || candidatesByState.containsKey(state) ? state : "other";
            candidatesByState.computeIfAbsent(key, k -> new LongAdder()).increment();
        }
    }

    @Override
    public MetricSnapshots collect() {
        return collect((Predicate<String>) null);
    }

    @Override
    public MetricSnapshots collect(Predicate<String> included) {
        return Families.select(included)
                .add("qenex_ai_candidate_states", () -> {
                    Map<String, Long> byState = new TreeMap<>();
                    candidatesByState.forEach((state, count) -> byState.put(state, count.sum()));
                    return Families.counter("qenex_ai_candidate_states",
                            "Candidates that entered each state since monitoring started (an evaluation ends in a final state).",
                            null, "state", byState);
                })
                .add("qenex_ai_versions", () -> Families.counter("qenex_ai_versions",
                        "Versions the cumulative model accepted or adopted since monitoring started.", null, versions.sum()))
                .snapshots();
    }
}
