package org.qenex.chain.internal.production;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementSource;
import org.qenex.api.improvement.ImprovementVerifier;
import org.qenex.api.node.NodeContext;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.WorkScheduler;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.ledger.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces a block every interval while started, as a {@link WorkScheduler} job, carrying the
 * proofs of the optional {@link ImprovementSource} that the chain has not rewarded yet: taken as
 * they appear, verified first by a job of their own ({@link ProofIntake}), and checked again
 * through the {@link ImprovementVerifier} (which remembers the verdict) when the block connects. Started stays started
 * across restarts and bundle updates ({@link MiningSwitch}) until {@code qenex:mine stop}; the
 * counters are since activation.
 */
@Component(service = Mining.class, configurationPid = "org.qenex.chain.producer")
@Designate(ocd = ProducerConfiguration.class)
public final class BlockProducer implements Mining {

    private static final Logger LOG = LoggerFactory.getLogger(BlockProducer.class);

    private final Ledger ledger;
    private final WorkScheduler scheduler;
    private final long intervalMillis;
    private final AtomicLong blocks = new AtomicLong();
    private final AtomicLong proofs = new AtomicLong();
    private final AtomicLong minted = new AtomicLong();
    private String contributor;
    private final MiningSwitch miningSwitch;
    private final ProofIntake intake;
    private JobHandle job;
    private volatile String lastError = "";

    // greedy: the highest-ranked implementation wins, so a plugin can replace the AI bundle's at run time
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImprovementSource improver;

    // greedy: the highest-ranked implementation wins, so a plugin can replace the AI bundle's at run time
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImprovementVerifier verifier;

    @Activate
    public BlockProducer(@Reference Ledger ledger, @Reference WorkScheduler scheduler, @Reference NodeContext context,
            ProducerConfiguration config) {
        this(ledger, scheduler, config, new MiningSwitch(context.dataFolder().resolve("mining")));
    }

    BlockProducer(Ledger ledger, WorkScheduler scheduler, ProducerConfiguration config, MiningSwitch miningSwitch) {
        this.ledger = ledger;
        this.scheduler = scheduler;
        this.miningSwitch = miningSwitch;
        this.intake = new ProofIntake(ledger, scheduler);
        this.intervalMillis = config.intervalMillis() > 0 ? config.intervalMillis() : ledger.parameters().blockIntervalMillis();
        this.contributor = config.contributor();
        Optional<String> resumed = miningSwitch.remembered();
        if (resumed.isPresent() || config.autoStart()) {
            start(resumed.orElse(null));
        }
    }

    /** Stops producing without forgetting that mining is on: the bundle is stopping or being updated. */
    @Deactivate
    private synchronized void deactivate() {
        cancelJob();
    }

    @Override
    public synchronized MiningStatus start(String newContributor) {
        if (newContributor != null && !newContributor.isBlank()) {
            if (!Address.isValid(newContributor)) {
                throw new IllegalArgumentException("not a valid address: " + newContributor);
            }
            contributor = newContributor;
        }
        if (job == null) {
            Duration period = Duration.ofMillis(intervalMillis);
            job = scheduler.schedule("chain-block-producer", JobPriority.HIGH, period, period, this::produceOnce);
        }
        miningSwitch.on(contributor);
        ImprovementSource source = improver;
        if (source != null && contributor != null && !contributor.isBlank()) {
            source.requestWork(contributor);
        }
        return status();
    }

    @Override
    public synchronized MiningStatus stop() {
        cancelJob();
        miningSwitch.off();
        return status();
    }

    private void cancelJob() {
        if (job != null) {
            job.cancel();
            job = null;
        }
    }

    @Override
    public synchronized MiningStatus status() {
        return new MiningStatus(job != null, contributor == null ? "" : contributor, intervalMillis, blocks.get(),
                proofs.get(), minted.get(), lastError, improver != null, verifier != null);
    }

    /** One block: runs on a work-pool thread. */
    void produceOnce() {
        try {
            Block block = ledger.produceBlock(confirmedProofs());
            blocks.incrementAndGet();
            for (MintEntry mint : block.mints()) {
                proofs.incrementAndGet();
                minted.addAndGet(mint.reward());
            }
            lastError = "";
        } catch (ChainException | RuntimeException e) {
            lastError = e.toString();
            LOG.warn("block production failed: {}", e.toString());
        }
    }

    /** The unrewarded proofs the verifier has confirmed ({@link ProofIntake}). */
    private List<ImprovementProof> confirmedProofs() {
        ImprovementSource source = improver;
        return source == null ? List.of() : intake.ready(source);
    }
}
