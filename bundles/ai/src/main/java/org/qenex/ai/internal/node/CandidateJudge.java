package org.qenex.ai.internal.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.qenex.ai.internal.eval.CpuBudget;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.eval.Predictions;
import org.qenex.ai.internal.eval.TaskOutcome;
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

    public Judgement judge(Champion champion, CandidateSpec candidate, CpuBudget budget) {
        Map<String, TaskOutcome> outcomes = new TreeMap<>();
        List<PairedComparison> comparisons = new ArrayList<>();
        Map<String, Predictions> heldOut = new TreeMap<>();
        int unclassified = 0;
        for (ChampionTask current : champion.tasks().values()) {
            String name = current.task().name();
            PipelineSpec pipeline = candidate.pipelines().get(name);
            TaskOutcome outcome = pipeline == null || pipeline.equals(current.pipeline())
                    ? new TaskOutcome(current.task(), current.pipeline(), current.model(), null, current.heldOut())
                    : evaluator.evaluate(pipeline, current.task(), budget);
            outcomes.put(name, outcome);
            heldOut.put(name, outcome.heldOutPredictions());
            comparisons.add(PairedComparison.of(name, current.heldOut(), outcome.heldOutPredictions()));
            unclassified += outcome.heldOutPredictions().unclassified();
        }
        return new Judgement(outcomes, gate.decide(comparisons), PredictionFingerprint.of(heldOut), unclassified);
    }
}
