package org.qenex.ai.internal.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.SignedCandidate;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.gate.GateSettings;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.version.NodeKey;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.api.storage.Store;

/** A cumulative model with the default allow-list, gate and limits, and the node that serves it, for tests. */
public final class TestModels {

    private TestModels() {
    }

    /** A model over {@code store} that trains in {@code worker}, its clock fixed at 2025-01-01. */
    public static CumulativeModel model(Store store, TaskCatalog catalog, WorkerProcess worker) {
        PipelineFactory factory = new PipelineFactory(new WekaAllowList());
        return new CumulativeModel(store, catalog, factory, new PipelineEvaluator(factory, worker),
                new ImprovementGate(GateSettings.DEFAULT), NodeKey.ephemeral(),
                Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC),
                ModelLimits.withBudget(Duration.ofSeconds(60)));
    }

    /** The node as the shell and REST see it: submissions go straight to {@code model}. */
    public static ModelNode node(CumulativeModel model) {
        return new ModelNode() {
            @Override
            public CumulativeModel model() {
                return model;
            }

            @Override
            public CandidateRecord submit(Submitter submitter, SignedCandidate candidate) {
                return model.intake().submit(submitter, candidate);
            }

            @Override
            public long publicStepPpm() {
                return GateSettings.DEFAULT.etaPpm();
            }
        };
    }
}
