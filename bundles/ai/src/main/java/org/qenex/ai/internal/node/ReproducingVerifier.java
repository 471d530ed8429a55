package org.qenex.ai.internal.node;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qenex.ai.internal.eval.CpuWatchdog;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.gate.GateSettings;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementVerifier;
import org.qenex.api.improvement.VerificationResult;

/**
 * The chain's {@link ImprovementVerifier}: re-derives a proof by retraining and rescoring
 * ({@link ProofReproducer}); verdicts are remembered by proof id, since the chain asks for every
 * proof of every block it validates.
 */
@Component(name = "org.qenex.ai.verifier", service = ImprovementVerifier.class)
public final class ReproducingVerifier implements ImprovementVerifier {

    private static final Duration BUDGET_PER_PIPELINE = Duration.ofMinutes(2);
    private static final int REMEMBERED = 10_000;

    private final CpuWatchdog watchdog = new CpuWatchdog();
    private final ProofReproducer reproducer;
    private final Map<String, VerificationResult> verdicts = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, VerificationResult> eldest) {
            return size() > REMEMBERED;
        }
    };

    @Activate
    public ReproducingVerifier(@Reference TaskCatalog catalog) {
        PipelineFactory factory = new PipelineFactory(new WekaAllowList());
        this.reproducer = new ProofReproducer(catalog, new PipelineEvaluator(factory, watchdog),
                new ImprovementGate(GateSettings.DEFAULT));
    }

    @Deactivate
    void deactivate() {
        watchdog.close();
    }

    @Override
    public VerificationResult verify(ImprovementProof proof) {
        String id = proof.id();
        synchronized (verdicts) {
            VerificationResult known = verdicts.get(id);
            if (known != null) {
                return known;
            }
        }
        VerificationResult result;
        try {
            result = reproducer.reproduce(proof, BUDGET_PER_PIPELINE);
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
