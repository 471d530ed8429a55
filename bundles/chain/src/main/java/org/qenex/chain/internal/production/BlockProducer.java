package org.qenex.chain.internal.production;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * pending proofs of the optional {@link ImprovementSource} that the chain has not rewarded yet
 * (each is verified first by a job of its own, and the chain checks it again through the
 * {@link ImprovementVerifier} when it connects the block). Started stays started
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
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final Set<String> verifying = ConcurrentHashMap.newKeySet();
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

    /**
     * The unrewarded proofs the verifier has confirmed. Verifying retrains a model and may take
     * minutes, and blocks must keep coming meanwhile: a proof not yet confirmed is handed to a
     * background (LOW) job of its own, held back while the service is busy, and carried by a later
     * block.
     */
    private List<ImprovementProof> confirmedProofs() {
        ImprovementSource source = improver;
        if (source == null) {
            return List.of();
        }
        List<ImprovementProof> ready = new ArrayList<>();
        for (ImprovementProof proof : source.acceptedProofs()) {
            String id = proof.id();
            if (ledger.isSpent(proof)) {
                // rewarded, or can never be (another child of its parent was): not worth retraining
                confirmed.remove(id);
            } else if (confirmed.contains(id)) {
                ready.add(proof);
            } else {
                verifyLater(proof, id);
            }
        }
        return ready;
    }

    private void verifyLater(ImprovementProof proof, String id) {
        if (!verifying.add(id)) {
            return;
        }
        scheduler.submit("chain-verify-proof", JobPriority.LOW, () -> {
            try {
                if (ledger.verifyProof(proof)) {
                    confirmed.add(id);
                }
            } finally {
                verifying.remove(id);
            }
        });
    }
}
