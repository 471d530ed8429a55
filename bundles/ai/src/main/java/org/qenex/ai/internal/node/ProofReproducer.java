package org.qenex.ai.internal.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.qenex.ai.internal.eval.CandidateRejectedException;
import org.qenex.ai.internal.eval.CpuBudget;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.eval.Predictions;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.eval.TaskOutcome;
import org.qenex.ai.internal.gate.GateDecision;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.gate.PairedComparison;
import org.qenex.ai.internal.spec.CandidateSpec;
import org.qenex.ai.internal.spec.SpecRejectedException;
import org.qenex.ai.internal.version.PredictionFingerprint;
import org.qenex.ai.internal.version.VersionHashing;
import org.qenex.ai.internal.version.VersionTask;
import org.qenex.api.improvement.CandidateStatement;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.TaskScore;
import org.qenex.api.improvement.VerificationResult;

/**
 * Re-derives an improvement proof from its specification, the version it names as parent and the
 * local task data: checks that the proof's baseline is the parent's pipeline for every task and its
 * claimed baseline score the parent's recorded one (on the same data), retrains the baseline and
 * candidate pipeline of every task, rescores both on the held-out rows, compares every score,
 * re-runs the gate, and recomputes the version hash (which covers the model hashes and the
 * prediction fingerprint, so a retrained model that differs by one byte is caught).
 *
 * <p>A proof scored on task data this node does not have (a task it lacks, another version, or other
 * held-out rows: another secret or epoch) is {@linkplain VerificationResult#undecided undecided}: this
 * node cannot re-derive it, which says nothing about the proof. Everything else that does not
 * reproduce is invalid.
 *
 * <p>Which versions may be parents is the caller's decision ({@link KnownVersions}): a baseline
 * taken from the proof itself would let a proof claim any weak baseline, and so any gain.
 */
public final class ProofReproducer {

    private final TaskCatalog catalog;
    private final PipelineEvaluator evaluator;
    private final ImprovementGate gate;
    private final ProofFormat format = new ProofFormat();

    public ProofReproducer(TaskCatalog catalog, PipelineEvaluator evaluator, ImprovementGate gate) {
        this.catalog = catalog;
        this.evaluator = evaluator;
        this.gate = gate;
    }

    /** Parses the proof's specification, then {@link #reproduce(ImprovementProof, ProofSpecifications, ParentVersion, Duration)}. */
    public VerificationResult reproduce(ImprovementProof proof, ParentVersion parent, Duration budgetPerPipeline) {
        ProofSpecifications specs;
        try {
            specs = format.specifications(proof);
        } catch (SpecRejectedException e) {
            return VerificationResult.invalid(e.getMessage());
        }
        return reproduce(proof, specs, parent, budgetPerPipeline);
    }

    /**
     * @param specs the proof's specification, parsed ({@link ProofFormat#specifications})
     * @param parent the version {@code proof.parentVersionHash()} names, as this node knows it
     */
    public VerificationResult reproduce(ImprovementProof proof, ProofSpecifications specs, ParentVersion parent,
            Duration budgetPerPipeline) {
        return reproduceVersion(proof, specs, parent, budgetPerPipeline).result();
    }

    /**
     * What a reproduction established: the verdict and, when valid, the version's tasks as this node
     * re-derived them and the bytes of their models, so that the version can be adopted later
     * ({@link ModelAdoption}) without training again.
     */
    public record Reproduction(VerificationResult result, List<VersionTask> tasks, Map<String, byte[]> models) {

        static Reproduction not(VerificationResult result) {
            return new Reproduction(result, List.of(), Map.of());
        }
    }

    /** {@link #reproduce(ImprovementProof, ProofSpecifications, ParentVersion, Duration)}, keeping the version. */
    public Reproduction reproduceVersion(ImprovementProof proof, ProofSpecifications specs, ParentVersion parent,
            Duration budgetPerPipeline) {
        if (!parent.hash().equals(proof.parentVersionHash())) {
            throw new IllegalArgumentException("the proof names parent " + proof.parentVersionHash() + ", not " + parent.hash());
        }
        CandidateSpec baseline = specs.baseline();
        CandidateSpec candidate = specs.candidate();
        List<String> claimed = proof.scores().stream().map(TaskScore::task).toList();
        if (!claimed.equals(List.copyOf(baseline.pipelines().keySet())) || !claimed.equals(List.copyOf(candidate.pipelines().keySet()))) {
            return Reproduction.not(VerificationResult.invalid("the scores and the specification name different tasks"));
        }
        String notSigned = notWhatWasSigned(proof, baseline, candidate, claimed);
        if (notSigned != null) {
            return Reproduction.not(VerificationResult.invalid(notSigned));
        }
        List<PairedComparison> comparisons = new ArrayList<>();
        List<VersionTask> tasks = new ArrayList<>();
        Map<String, Predictions> heldOut = new TreeMap<>();
        Map<String, byte[]> models = new TreeMap<>();
        for (TaskScore score : proof.scores()) {
            Optional<TaskInstances> local = catalog.task(score.task());
            if (local.isEmpty()) {
                // no verdict: a node without the task cannot say the proof is wrong (docs/ai.md, "Sharing the model")
                return Reproduction.not(VerificationResult.undecided("task " + score.task() + " is not available on this node"));
            }
            TaskInstances task = local.get();
            if (!task.version().equals(score.taskVersion()) || !task.dataHash().equals(score.dataHash())) {
                // no verdict either: other data (another held-out secret or epoch) cannot re-derive the claim
                return Reproduction.not(VerificationResult.undecided("task " + score.task() + ": this node has version " + task.version()
                        + " with data " + task.dataHash() + ", the proof names " + score.taskVersion() + " with "
                        + score.dataHash()));
            }
            String wrongBaseline = wrongBaseline(score, baseline, parent);
            if (wrongBaseline != null) {
                return Reproduction.not(VerificationResult.invalid(wrongBaseline));
            }
            TaskOutcome before;
            TaskOutcome after;
            try {
                before = evaluator.evaluate(baseline.pipelineFor(score.task()), task, CpuBudget.open(budgetPerPipeline));
                after = evaluator.evaluate(candidate.pipelineFor(score.task()), task, CpuBudget.open(budgetPerPipeline));
            } catch (CandidateRejectedException e) {
                if (CandidateRejectedException.STOPPED.equals(e.code())) {
                    throw e; // the node is stopping: no verdict on the proof
                }
                return Reproduction.not(VerificationResult.invalid(score.task() + ": the specification does not train: " + e.getMessage()));
            } catch (SpecRejectedException e) {
                return Reproduction.not(VerificationResult.invalid(score.task() + ": the specification does not train: " + e.getMessage()));
            }
            long baselinePpm = before.heldOutPredictions().accuracyPpm();
            long candidatePpm = after.heldOutPredictions().accuracyPpm();
            if (baselinePpm != score.baselinePpm()) {
                return Reproduction.not(VerificationResult.invalid(score.task() + ": the pipeline of parent version " + parent.hash()
                        + " scores " + baselinePpm + " ppm here, the proof claims a baseline of " + score.baselinePpm()));
            }
            if (candidatePpm != score.candidatePpm()) {
                return Reproduction.not(VerificationResult.invalid(score.task() + ": claimed " + score.baselinePpm() + " -> "
                        + score.candidatePpm() + " ppm, reproduced " + baselinePpm + " -> " + candidatePpm));
            }
            comparisons.add(PairedComparison.of(score.task(), before.heldOutPredictions(), after.heldOutPredictions()));
            heldOut.put(score.task(), after.heldOutPredictions());
            models.put(after.model().hash(), after.model().bytes());
            tasks.add(new VersionTask(score.task(), score.taskVersion(), score.dataHash(),
                    format.canonical(baseline.pipelineFor(score.task())), format.canonical(candidate.pipelineFor(score.task())),
                    after.model().hash(), baselinePpm, candidatePpm));
        }
        GateDecision decision = gate.decide(comparisons);
        if (!decision.accepted()) {
            return Reproduction.not(VerificationResult.invalid("the gate does not accept the reproduced predictions: " + decision.reason()));
        }
        String fingerprint = PredictionFingerprint.of(heldOut);
        if (!fingerprint.equals(proof.predictionFingerprint())) {
            return Reproduction.not(VerificationResult.invalid("the reproduced predictions have the fingerprint " + fingerprint
                    + ", the proof claims " + proof.predictionFingerprint()));
        }
        String hash = VersionHashing.hash(proof.parentVersionHash(), tasks, proof.contributor(), proof.acceptedAtMillis(),
                fingerprint);
        if (!hash.equals(proof.versionHash())) {
            return Reproduction.not(VerificationResult.invalid("the reproduced version hashes to " + hash + ", the proof claims "
                    + proof.versionHash() + " (a model or the predictions differ)"));
        }
        return new Reproduction(VerificationResult.valid("reproduced: " + decision.reason()), List.copyOf(tasks), models);
    }

    /**
     * Why the version is not the signed candidate applied to the parent, or {@code null} if it is:
     * the contributor's signature verifies (the chain checks it too), and every task's pipeline is
     * the signed one where the candidate names the task, the parent's (the baseline) elsewhere.
     */
    private String notWhatWasSigned(ImprovementProof proof, CandidateSpec baseline, CandidateSpec candidate,
            List<String> tasks) {
        boolean signed;
        try {
            signed = CandidateStatement.verify(proof.contributor(), proof.contributorKey(), proof.contributorSignature(),
                    proof.statement());
        } catch (IllegalArgumentException e) {
            signed = false;
        }
        if (!signed) {
            return "the contributor's signature of the candidate on parent " + proof.parentVersionHash() + " does not verify";
        }
        CandidateSpec claimedByContributor;
        try {
            claimedByContributor = format.signedCandidate(proof);
        } catch (SpecRejectedException e) {
            return "the signed candidate is not a specification: " + e.getMessage();
        }
        for (String task : claimedByContributor.pipelines().keySet()) {
            if (!tasks.contains(task)) {
                return "the signed candidate names task " + task + ", which the version does not score";
            }
        }
        for (String task : tasks) {
            String expected = format.canonical(claimedByContributor.pipelines().containsKey(task)
                    ? claimedByContributor.pipelineFor(task) : baseline.pipelineFor(task));
            String actual = format.canonical(candidate.pipelineFor(task));
            if (!expected.equals(actual)) {
                return task + ": the version's pipeline " + actual + " is not what the contributor's candidate makes of the"
                        + " parent, " + expected;
            }
        }
        return null;
    }

    /** Why the proof's baseline for a task is not its parent's, or {@code null} if it is. */
    private String wrongBaseline(TaskScore score, CandidateSpec baseline, ParentVersion parent) {
        String claimed = format.canonical(baseline.pipelineFor(score.task()));
        String actual = parent.pipeline(score.task());
        if (!claimed.equals(actual)) {
            return score.task() + ": the proof's baseline " + claimed + " is not the pipeline of parent version "
                    + parent.hash() + ", " + actual;
        }
        Optional<Long> recorded = parent.recordedScore(score);
        if (recorded.isPresent() && recorded.get() != score.baselinePpm()) {
            return score.task() + ": the proof claims a baseline of " + score.baselinePpm() + " ppm, parent version "
                    + parent.hash() + " scored " + recorded.get() + " ppm on the same data";
        }
        return null;
    }
}
