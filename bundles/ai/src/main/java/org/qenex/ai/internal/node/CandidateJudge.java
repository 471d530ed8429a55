package org.qenex.ai.internal.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import org.qenex.ai.internal.eval.CpuBudget;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.eval.Predictions;
import org.qenex.ai.internal.eval.TaskOutcome;
import org.qenex.ai.internal.gate.GateHistory;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.gate.PairedComparison;
import org.qenex.ai.internal.spec.CandidateSpec;
import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.version.PredictionFingerprint;

/**
 * Trains and scores a candidate against the champion and runs the gate. Tasks the candidate does
 * not change keep the champion's model and predictions, so only what changed is trained.
 */
public final class CandidateJudge {

    private final PipelineEvaluator evaluator;
    private final ImprovementGate gate;

    public CandidateJudge(PipelineEvaluator evaluator, ImprovementGate gate) {
        this.evaluator = evaluator;
        this.gate = gate;
    }

    /** A single comparison with the champion: no floor, the full alpha. */
    public Judgement judge(Champion champion, CandidateSpec candidate, CpuBudget budget) {
        return judge(champion, candidate, budget, Map.of(), () -> 1);
    }

    /**
     * @param bestPpm per task, the best held-out score an accepted version reached on the current data
     * @param spendingIndex counts this candidate as one more test of the held-out epochs it touches and
     *        gives its place among them (see {@link GateHistory}); asked only once every changed task
     *        trained and was scored, so a candidate that fails to train spends nothing
     */
    public Judgement judge(Champion champion, CandidateSpec candidate, CpuBudget budget, Map<String, Long> bestPpm,
            LongSupplier spendingIndex) {
        Map<String, TaskOutcome> outcomes = new TreeMap<>();
        List<PairedComparison> comparisons = new ArrayList<>();
        Map<String, Predictions> heldOut = new TreeMap<>();
        Map<String, Long> candidatePpm = new TreeMap<>();
        int unclassified = 0;
        for (ChampionTask current : champion.tasks().values()) {
            String name = current.task().name();
            PipelineSpec pipeline = candidate.pipelines().get(name);
            TaskOutcome outcome = pipeline == null || pipeline.equals(current.pipeline())
                    ? new TaskOutcome(current.task(), current.pipeline(), current.model(), null, current.heldOut())
                    : evaluator.evaluate(pipeline, current.task(), budget);
            outcomes.put(name, outcome);
            heldOut.put(name, outcome.heldOutPredictions());
            candidatePpm.put(name, outcome.heldOutPredictions().accuracyPpm());
            comparisons.add(PairedComparison.of(name, current.heldOut(), outcome.heldOutPredictions()));
            unclassified += outcome.heldOutPredictions().unclassified();
        }
        return new Judgement(outcomes, gate.decide(comparisons,
                new GateHistory(bestPpm, candidatePpm, spendingIndex.getAsLong())), PredictionFingerprint.of(heldOut),
                unclassified);
    }
}
