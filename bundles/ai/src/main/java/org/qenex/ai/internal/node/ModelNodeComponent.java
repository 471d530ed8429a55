package org.qenex.ai.internal.node;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.SignedCandidate;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.eval.CpuWatchdog;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.gate.GateSettings;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.version.NodeKey;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.qenex.api.storage.Store;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.WorkScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link CumulativeModel}: candidates are judged by one {@link WorkScheduler} job at a
 * time (low priority, so the API never starves), oldest first.
 */
@Component(name = "org.qenex.ai.model", service = ModelNode.class, configurationPid = "org.qenex.ai")
@Designate(ocd = AiConfiguration.class)
public final class ModelNodeComponent implements ModelNode {

    private static final Logger LOG = LoggerFactory.getLogger(ModelNodeComponent.class);

    private final WorkScheduler scheduler;
    private final CpuWatchdog watchdog = new CpuWatchdog();
    private final CumulativeModel model;
    private final AtomicBoolean judging = new AtomicBoolean();

    @Activate
    public ModelNodeComponent(@Reference Store store, @Reference TaskCatalog catalog, @Reference WorkScheduler scheduler,
            AiConfiguration config) throws IOException {
        this.scheduler = scheduler;
        PipelineFactory factory = new PipelineFactory(new WekaAllowList());
        this.model = new CumulativeModel(store, catalog, factory, new PipelineEvaluator(factory, watchdog),
                new ImprovementGate(GateSettings.DEFAULT),
                NodeKey.loadOrCreate(AiDataLocation.aiDir(config.fallbackDataDir())), Clock.systemUTC(),
                new ModelLimits(Duration.ofSeconds(config.cpuBudgetSeconds()), config.maxQueued(),
                        config.submissionsPerHour(), config.submissionsPerUserPerHour(), config.maxQueuedPerUser()));
        scheduleJudging();
    }

    @Deactivate
    void deactivate() {
        watchdog.close();
    }

    @Override
    public CumulativeModel model() {
        return model;
    }

    @Override
    public CandidateRecord submit(Submitter submitter, SignedCandidate candidate) {
        CandidateRecord record = model.submit(submitter, candidate);
        scheduleJudging();
        return record;
    }

    @Override
    public long publicStepPpm() {
        return GateSettings.DEFAULT.etaPpm();
    }

    private void scheduleJudging() {
        if (judging.compareAndSet(false, true)) {
            scheduler.submit("ai-judge-candidates", JobPriority.LOW, this::judgeQueued);
        }
    }

    private void judgeQueued() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                var decided = model.judgeNext();
                if (decided.isEmpty()) {
                    break;
                }
                LOG.info("Candidate {} from {}: {} {}", decided.get().id(), decided.get().contributor(),
                        decided.get().state(), decided.get().reason());
            }
        } finally {
            judging.set(false);
        }
        if (model.queued() > 0 && !Thread.currentThread().isInterrupted()) {
            scheduleJudging();
        }
    }
}
