package org.qenex.ai.internal.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.qenex.ai.internal.spec.CandidateSpec;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.VersionChain;
import org.qenex.ai.internal.version.VersionTask;

/**
 * What the gate needs from this node's history beyond the champion: the best score each task
 * reached on its current data (the non-inferiority floor) and how many candidates each held-out
 * epoch has tested (alpha-spending).
 */
final class NodeHistory {

    private final VersionChain chain;
    private final GateSpending spending;

    NodeHistory(VersionChain chain, GateSpending spending) {
        this.chain = chain;
        this.spending = spending;
    }

    /** Counts {@code spec} as one more test of the held-out epochs it touches; its place among their tests. */
    long spend(Champion current, CandidateSpec spec) {
        return spending.spend(heldOutKeys(current, spec));
    }

    /** The held-out sets a candidate is tested against: those of the tasks whose pipeline it changes. */
    private static List<String> heldOutKeys(Champion current, CandidateSpec spec) {
        List<String> keys = new ArrayList<>();
        spec.pipelines().forEach((name, pipeline) -> {
            ChampionTask held = current.tasks().get(name);
            if (held != null && !pipeline.equals(held.pipeline())) {
                keys.add(GateSpending.key(name, held.task().dataHash()));
            }
        });
        return keys;
    }

    /** Per current task, the best held-out score any version reached on exactly the current task data. */
    Map<String, Long> bestScores(Champion current) {
        Map<String, Long> best = new TreeMap<>();
        for (ModelVersion version : chain.all()) {
            for (VersionTask task : version.tasks()) {
                ChampionTask now = current.tasks().get(task.name());
                if (now != null && now.task().dataHash().equals(task.dataHash())
                        && now.task().version().equals(task.version())) {
                    best.merge(task.name(), task.scorePpm(), Math::max);
                }
            }
        }
        return best;
    }
}
