package org.qenex.ai.internal.node;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.SignedCandidate;
import org.qenex.ai.internal.candidate.CandidateState;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.gate.GateSettings;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.version.NodeKey;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.qenex.ai.internal.worker.WorkerClassPath;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.ai.internal.worker.WorkerSettings;
import org.qenex.api.chain.ChainView;
import org.qenex.api.event.QenexTopics;
import org.qenex.api.node.NodeContext;
import org.qenex.api.storage.Store;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.WorkScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link CumulativeModel}: candidates are judged by one {@link WorkScheduler} job at a
 * time (low priority, so the API never starves), oldest first, each trained and scored in the
 * training worker process ({@link WorkerProcess}: its own heap, the lowest OS priority, paused while
 * the scheduler reports the node's service busy). It follows the chain's model tip
 * ({@link ModelAdoption}): after each block that minted, and before each candidate, so that every
 * node's champion is the version the chain last rewarded.
 */
@Component(name = "org.qenex.ai.model", service = { ModelNode.class, EventHandler.class }, configurationPid = "org.qenex.ai",
        property = EventConstants.EVENT_TOPIC + "=" + QenexTopics.BLOCK)
@Designate(ocd = AiConfiguration.class)
public final class ModelNodeComponent implements ModelNode, EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ModelNodeComponent.class);

    /** The longest a candidate waits for a quiet moment before it is judged anyway. */
    private static final Duration QUIET_WAIT = Duration.ofSeconds(30);

    private final WorkScheduler scheduler;
    private final WorkerProcess worker;
    private final CumulativeModel model;
    private final AtomicBoolean judging = new AtomicBoolean();

    // Optional: without EventAdmin the model runs, and nobody hears of its changes.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    // Optional: without a chain there is no model tip to follow; bound later, its tip is adopted then.
    private volatile ChainView chain;
    private final AtomicBoolean adopting = new AtomicBoolean();

    @Activate
    public ModelNodeComponent(@Reference Store store, @Reference TaskCatalog catalog, @Reference WorkScheduler scheduler,
            @Reference NodeContext node, AiConfiguration config, BundleContext context) throws IOException {
        this.scheduler = scheduler;
        this.worker = new WorkerProcess(new WorkerSettings(WorkerClassPath.extract(context.getBundle()),
                node.dataFolder().resolve("worker"), config.workerHeapMegabytes(), true), scheduler::serviceBusy);
        PipelineFactory factory = new PipelineFactory(new WekaAllowList());
        this.model = new CumulativeModel(store, catalog, factory, new PipelineEvaluator(factory, worker),
                new ImprovementGate(GateSettings.DEFAULT), NodeKey.loadOrCreate(node.dataFolder()), Clock.systemUTC(),
                new ModelLimits(Duration.ofSeconds(config.cpuBudgetSeconds()), config.maxQueued(),
                        config.submissionsPerHour(), config.submissionsPerUserPerHour(), config.maxQueuedPerUser()));
        // SCR sets the optional EventAdmin field only after construction: read it at each event.
        model.publishTo(new AiEvents(() -> eventAdmin));
        scheduleJudging(); // candidates queued before a restart
    }

    /** For tests: judging runs when {@code scheduler} runs it; {@code model} trains in {@code worker}. */
    ModelNodeComponent(WorkScheduler scheduler, WorkerProcess worker, CumulativeModel model) {
        this.scheduler = scheduler;
        this.worker = worker;
        this.model = model;
        scheduleJudging();
    }

    @Deactivate
    void deactivate() {
        worker.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindChain")
    void bindChain(ChainView view) {
        this.chain = view;
        scheduleAdoption(); // the chain may have minted while this node was down
    }

    void unbindChain(ChainView view) {
        if (this.chain == view) {
            this.chain = null;
        }
    }

    /** A block that minted may have moved the model tip: follow it (in the background: verified proofs train nothing). */
    @Override
    public void handleEvent(Event event) {
        if (event.getProperty(QenexTopics.MINTED) instanceof Long minted && minted > 0) {
            scheduleAdoption();
        }
    }

    private void scheduleAdoption() {
        if (adopting.compareAndSet(false, true)) {
            scheduler.submit("ai-adopt-model-tip", JobPriority.LOW, () -> {
                adopting.set(false);
                adoptChainTip();
            });
        }
    }

    /** Adopts the chain's model tip, if there is a chain. */
    void adoptChainTip() {
        ChainView view = chain;
        if (view != null) {
            model.adoption().adopt(view.modelTip());
        }
    }

    @Override
    public CumulativeModel model() {
        return model;
    }

    @Override
    public CandidateRecord submit(Submitter submitter, SignedCandidate candidate) {
        CandidateRecord record = model.intake().submit(submitter, candidate);
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
                // Background work: each candidate waits while the node's service is busy (bounded, so never starved).
                scheduler.awaitQuiet(QUIET_WAIT);
                adoptChainTip(); // judged against the chain's tip, or the candidate would be stale there
                var decided = model.judging().judgeNext();
                if (decided.isEmpty() || decided.get().state() == CandidateState.QUEUED) {
                    break; // nothing left, or the node is stopping and put it back
                }
                LOG.info("Candidate {} from {}: {} {}", decided.get().id(), decided.get().contributor(),
                        decided.get().state(), decided.get().reason());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            judging.set(false);
        }
        if (model.candidates().queued() > 0 && !Thread.currentThread().isInterrupted()) {
            scheduleJudging();
        }
    }
}
