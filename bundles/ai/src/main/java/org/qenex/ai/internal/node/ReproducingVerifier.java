package org.qenex.ai.internal.node;

import java.time.Duration;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.gate.GateSettings;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.spec.SpecRejectedException;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.qenex.ai.internal.worker.WorkerClassPath;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.ai.internal.worker.WorkerSettings;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementVerifier;
import org.qenex.api.improvement.VerificationResult;
import org.qenex.api.node.NodeContext;
import org.qenex.api.storage.Store;
import org.qenex.api.work.WorkScheduler;

/**
 * The chain's {@link ImprovementVerifier}: re-derives a proof by retraining and rescoring
 * ({@link ProofReproducer}) against the parent version it names, which must be one this node knows
 * ({@link KnownVersions}). Its {@link VerdictCache} is the node's only one: the chain asks for every
 * proof of every block it validates, and its block producer before carrying a proof, and keeps no
 * verdicts of its own. A failure of this node, a parent not known yet, or task data this node does
 * not have is no verdict: {@link VerificationResult#undecided undecided}, not remembered, and the
 * chain defers the block carrying the proof instead of refusing it.
 */
@Component(name = "org.qenex.ai.verifier", service = ImprovementVerifier.class, configurationPid = "org.qenex.ai")
public final class ReproducingVerifier implements ImprovementVerifier {

    private static final Duration BUDGET_PER_PIPELINE = Duration.ofMinutes(2);

    private final WorkerProcess worker;
    private final ProofReproducer reproducer;
    private final KnownVersions parents;
    private final ProofFormat format = new ProofFormat();
    private final VerdictCache verdicts = new VerdictCache();

    @Activate
    public ReproducingVerifier(@Reference TaskCatalog catalog, @Reference Store store,
            @Reference WorkScheduler scheduler, @Reference NodeContext node, AiConfiguration config, BundleContext context) {
        // Retraining a proof is a candidate's training again: the same bounded worker process, a separate one.
        this(catalog, store, new WorkerProcess(new WorkerSettings(WorkerClassPath.extract(context.getBundle()),
                node.dataFolder().resolve("verifier-worker"), config.workerHeapMegabytes(), true),
                scheduler::serviceBusy));
    }

    ReproducingVerifier(TaskCatalog catalog, Store store, WorkerProcess worker) {
        this.parents = new KnownVersions(store);
        this.worker = worker;
        PipelineFactory factory = new PipelineFactory(new WekaAllowList());
        this.reproducer = new ProofReproducer(catalog, new PipelineEvaluator(factory, worker),
                new ImprovementGate(GateSettings.DEFAULT));
    }

    @Deactivate
    void deactivate() {
        worker.close();
    }

    @Override
    public VerificationResult verify(ImprovementProof proof) {
        String id = proof.id();
        Optional<VerificationResult> remembered = verdicts.get(id);
        if (remembered.isPresent()) {
            return remembered.get();
        }
        VerificationResult result;
        try {
            Optional<ParentVersion> parent = parents.find(proof.parentVersionHash());
            if (parent.isEmpty()) {
                // Undecided: the parent becomes known once its own proof is verified here.
                return VerificationResult.undecided("unknown parent version " + proof.parentVersionHash()
                        + ": neither accepted by this node nor established by a proof verified here yet");
            }
            result = reproduceAndRemember(proof, parent.get());
        } catch (RuntimeException e) {
            // Undecided: a failure of this node (stopping, a task missing while updating) is not a verdict on the proof.
            return VerificationResult.undecided("could not be checked here: " + e.getMessage());
        }
        if (!result.undecided()) {
            verdicts.put(id, result);
        }
        return result;
    }

    /** A proof that reproduces establishes its version as a parent later proofs may name. */
    private VerificationResult reproduceAndRemember(ImprovementProof proof, ParentVersion parent) {
        ProofSpecifications specs;
        try {
            specs = format.specifications(proof); // parsed once: reproduced, then remembered
        } catch (SpecRejectedException e) {
            return VerificationResult.invalid(e.getMessage());
        }
        ProofReproducer.Reproduction reproduction = reproducer.reproduceVersion(proof, specs, parent, BUDGET_PER_PIPELINE);
        if (reproduction.result().valid()) {
            // kept with its models: adopted without training again once the chain mints it
            parents.remember(proof, specs.candidate(), reproduction.tasks(), reproduction.models());
        }
        return reproduction.result();
    }
}
