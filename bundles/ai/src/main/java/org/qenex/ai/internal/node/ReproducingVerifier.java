package org.qenex.ai.internal.node;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.gate.GateSettings;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.qenex.ai.internal.worker.WorkerClassPath;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.ai.internal.worker.WorkerSettings;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementVerifier;
import org.qenex.api.improvement.VerificationResult;
import org.qenex.api.storage.Store;
import org.qenex.api.work.WorkScheduler;

/**
 * The chain's {@link ImprovementVerifier}: re-derives a proof by retraining and rescoring
 * ({@link ProofReproducer}) against the parent version it names, which must be one this node knows
 * ({@link KnownVersions}); verdicts are remembered by proof id, since the chain asks for every
 * proof of every block it validates.
 */
@Component(name = "org.qenex.ai.verifier", service = ImprovementVerifier.class, configurationPid = "org.qenex.ai")
public final class ReproducingVerifier implements ImprovementVerifier {

    private static final Duration BUDGET_PER_PIPELINE = Duration.ofMinutes(2);
    private static final int REMEMBERED = 10_000;

    private final WorkerProcess worker;
    private final ProofReproducer reproducer;
    private final KnownVersions parents;
    private final ProofFormat format = new ProofFormat();
    private final Map<String, VerificationResult> verdicts = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, VerificationResult> eldest) {
            return size() > REMEMBERED;
        }
    };

    @Activate
    public ReproducingVerifier(@Reference TaskCatalog catalog, @Reference Store store,
            @Reference WorkScheduler scheduler, AiConfiguration config, BundleContext context) {
        // Retraining a proof is a candidate's training again: the same bounded worker process, a separate one.
        this(catalog, store, new WorkerProcess(new WorkerSettings(WorkerClassPath.extract(context.getBundle()),
                AiDataLocation.aiDir(config.fallbackDataDir()).resolve("verifier-worker"), config.workerHeapMegabytes(),
                true), scheduler::serviceBusy));
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
        synchronized (verdicts) {
            VerificationResult remembered = verdicts.get(id);
            if (remembered != null) {
                return remembered;
            }
        }
        VerificationResult result;
        try {
            Optional<ParentVersion> parent = parents.find(proof.parentVersionHash());
            if (parent.isEmpty()) {
                // Not remembered: the parent becomes known once its own proof is verified here.
                return VerificationResult.invalid("unknown parent version " + proof.parentVersionHash()
                        + ": neither accepted by this node nor established by a proof verified here");
            }
            result = reproducer.reproduce(proof, parent.get(), BUDGET_PER_PIPELINE);
            if (result.valid()) {
                parents.remember(proof, format.specifications(proof)[1]);
            }
        } catch (RuntimeException e) {
            // Not remembered: a failure of this node (a task missing while updating) is not a verdict on the proof.
            return VerificationResult.invalid("could not be checked here: " + e.getMessage());
        }
        synchronized (verdicts) {
            verdicts.put(id, result);
        }
        return result;
    }
}
