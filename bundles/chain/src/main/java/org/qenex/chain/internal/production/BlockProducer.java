package org.qenex.chain.internal.production;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;

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
import org.qenex.api.network.NetworkStatus;
import org.qenex.api.network.PeerNetwork;
import org.qenex.api.network.SyncStatus;
import org.qenex.api.node.NodeContext;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.WorkScheduler;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockHeader;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.ProposerSchedule;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.ledger.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validator's block production and the improvement mining {@code qenex:mine} drives.
 *
 * <p>Production is a validator's job: when the node's key is one of the genesis validators, a
 * {@link WorkScheduler} job looks whether it is this node's turn ({@link ProposerSchedule#nextTurn}:
 * its own slots at their start, others' once its rank's grace has passed with no block for the
 * slot) and makes the block, from activation on, with no operator action. Each look plans the next
 * one at the moment the turn comes ({@link #produceIfDue}), at most a grace later (a block from a
 * peer only moves a turn later; the cap bounds what a switch to another branch could cost), and a
 * tick later while the bootstrap rule below holds production back. Why not a fixed tick: an idle
 * sole validator looked 10 times a block (every 500 ms), woke the work pool's timer and a worker
 * each time, and found its turn once. A node whose key is not a validator is a follower: it never
 * produces.
 *
 * <p>Bootstrap (as Aura/Clique validators do): a validator of a genesis with more than one validator
 * produces nothing until it has been connected to at least one peer and is in sync (the network's
 * {@link SyncStatus#inSync()}: not further behind its best peer than allowed). Otherwise validators
 * booted seconds apart would each fill every slot alone, out of turn, and meet with branches deeper
 * than the finality depth, which they refuse. Once it had a peer it goes on producing without one
 * (a partition or its peers' restart must not stop the chain) but pauses whenever it is behind. A
 * sole validator produces at once; without a network bundle a validator of several waits.
 *
 * <p>Empty blocks (Tendermint's {@code create_empty_blocks_interval}): a turn with nothing to include,
 * no pending transaction and no confirmed proof, makes a block only when the head is
 * {@code emptyBlockSeconds} old, or while one of the newest {@code finalityDepth} blocks carries
 * something, so that it becomes final at the block interval's pace. An idle chain so makes one block
 * a minute instead of twelve, and its node neither stores, relays nor commits the other eleven; a
 * transfer still goes into the next turn's block. Skipping is safe for consensus: the schedule already
 * lets a later rank take a slot its in-turn validator left empty.
 *
 * <p>Blocks carry the proofs of the optional {@link ImprovementSource} that the chain has not
 * rewarded yet: taken as they appear, verified first by a job of their own ({@link ProofIntake}),
 * and checked again through the {@link ImprovementVerifier} (which remembers the verdict) when the
 * block connects. Mining ({@code qenex:mine start}) asks the improver to search for improvements
 * credited to a contributor; it stays on across restarts and bundle updates ({@link MiningSwitch})
 * until {@code qenex:mine stop}. The counters are since activation.
 */
@Component(service = Mining.class, configurationPid = "org.qenex.chain.producer")
@Designate(ocd = ProducerConfiguration.class)
public final class BlockProducer implements Mining {

    private static final Logger LOG = LoggerFactory.getLogger(BlockProducer.class);
    // a look's period: longer than any delay lookAfter plans, so each look runs once
    private static final Duration ONE_OFF = Duration.ofDays(1);

    private final Ledger ledger;
    private final ProposerSchedule schedule;
    private final LongSupplier clock;
    private final byte[] nodeKey;
    private final boolean validator;
    private final AtomicLong blocks = new AtomicLong();
    private final AtomicLong proofs = new AtomicLong();
    private final AtomicLong minted = new AtomicLong();
    private String contributor;
    private boolean mining;
    private final MiningSwitch miningSwitch;
    private final ProofIntake intake;
    private final WorkScheduler scheduler;
    private final long tickMillis;
    private final long graceMillis;
    private final long emptyBlockMillis;
    private final int finalityDepth;
    // the head an idle look last examined and whether one of the newest finalityDepth blocks up to it
    // carries something (looks run one after another: only they touch these)
    private byte[] examinedHead;
    private boolean examinedHeadUnfinal;
    // the next look (guarded by this); null once deactivated, or for a follower
    private JobHandle job;
    private boolean deactivated;
    private volatile String lastError = "";
    // the improvement source's last failure, while its last answer was one (only looks touch it); null otherwise
    private String sourceFailure;
    private final int validatorCount;
    // whether the bootstrap rule saw a peer once since activation: from then on a lost peer does not stop production
    private volatile boolean hadPeer;
    // why production waits (empty: it produces), shown by qenex:mine status; logged once per change of reason
    private volatile String waiting = "";
    // null until the first look, whose outcome is always logged: when the network had connected before that
    // look, "connected and in sync" was its first state and, equal to NONE, was never logged
    private Wait waitLogged;

    /** Why a validator of several does not produce (yet); the bootstrap rule's states. */
    enum Wait { NONE, NO_NETWORK, NO_PEER, BEHIND }

    // the network, for the bootstrap rule only: optional and dynamic, a chain without a network still runs
    private volatile PeerNetwork network;

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
        this(ledger, scheduler, config, new MiningSwitch(context.dataFolder().resolve("mining")), System::currentTimeMillis);
    }

    /** The producer over {@code ledger}, remembering mining in {@code miningFile}, reading the time from {@code clock} (tests: a fake one). */
    public BlockProducer(Ledger ledger, WorkScheduler scheduler, ProducerConfiguration config, Path miningFile, LongSupplier clock) {
        this(ledger, scheduler, config, new MiningSwitch(miningFile), clock);
    }

    BlockProducer(Ledger ledger, WorkScheduler scheduler, ProducerConfiguration config, MiningSwitch miningSwitch,
            LongSupplier clock) {
        this.ledger = ledger;
        this.miningSwitch = miningSwitch;
        this.clock = clock;
        this.intake = new ProofIntake(ledger, scheduler);
        ChainParameters params = ledger.parameters();
        this.schedule = new ProposerSchedule(params);
        this.nodeKey = ledger.nodePublicKey();
        this.validator = params.isValidator(nodeKey);
        this.validatorCount = params.validators().size();
        this.waiting = validator && validatorCount > 1 ? "waiting for a first peer (not checked yet)" : "";
        this.contributor = config.contributor();
        this.scheduler = scheduler;
        this.graceMillis = Math.min(params.blockIntervalMillis(), schedule.graceMillis());
        this.tickMillis = tickMillis(params.blockIntervalMillis(), schedule.graceMillis());
        this.emptyBlockMillis = Math.max(0, config.emptyBlockSeconds()) * 1000L;
        this.finalityDepth = params.finalityDepth();
        if (validator) {
            lookAfter(tickMillis);
            LOG.info(validatorCount > 1 ? "validator {} of {}: taking turns once connected to a peer and in sync"
                    : "validator {} of {}: producing its turns", ledger.nodeAccount(), validatorCount);
        } else {
            LOG.info("not a validator of chain {}: following, producing nothing", params.chainId());
        }
        Optional<String> resumed = miningSwitch.remembered();
        if (resumed.isPresent() || config.autoStart()) {
            start(resumed.orElse(null));
        }
    }

    /** The network the bootstrap rule asks whether the node has peers and is in sync. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void bindNetwork(PeerNetwork bound) {
        network = bound;
    }

    public void unbindNetwork(PeerNetwork unbound) {
        if (network == unbound) {
            network = null;
        }
    }

    /** A tenth of a grace (or of the interval, for one validator): how often a validator held back by the bootstrap rule looks again. */
    static long tickMillis(long interval, long grace) {
        return Math.max(20, Math.min(interval, grace) / 10);
    }

    /**
     * Plans the next look in {@code delayMillis}: a one-off job (its period is never reached), and the
     * look now running, if any, is cancelled as it ends (the work pool keeps that interrupt from its
     * next job).
     */
    private synchronized void lookAfter(long delayMillis) {
        if (deactivated) {
            return;
        }
        JobHandle ending = job;
        job = scheduler.schedule("chain-block-producer", JobPriority.HIGH, Duration.ofMillis(delayMillis), ONE_OFF, this::look);
        if (ending != null) {
            ending.cancel();
        }
    }

    private void look() {
        long next = tickMillis;
        try {
            next = produceIfDue();
        } finally {
            // a look that threw still plans the next one
            lookAfter(next);
        }
    }

    /** Stops producing, without forgetting that mining is on: the bundle is stopping or being updated. */
    @Deactivate
    private synchronized void deactivate() {
        deactivated = true;
        if (job != null) {
            job.cancel();
            job = null;
        }
    }

    @Override
    public synchronized MiningStatus start(String newContributor) {
        if (newContributor != null && !newContributor.isBlank()) {
            if (!Address.isValid(newContributor)) {
                throw new IllegalArgumentException("not a valid address: " + newContributor);
            }
            contributor = newContributor;
        }
        mining = true;
        miningSwitch.on(contributor);
        ImprovementSource source = improver;
        if (source != null && contributor != null && !contributor.isBlank()) {
            source.requestWork(contributor);
        }
        return status();
    }

    @Override
    public synchronized MiningStatus stop() {
        mining = false;
        miningSwitch.off();
        return status();
    }

    @Override
    public synchronized MiningStatus status() {
        return new MiningStatus(mining, contributor == null ? "" : contributor, ledger.parameters().blockIntervalMillis(),
                validator, ledger.parameters().validators().size(), blocks.get(), proofs.get(), minted.get(), lastError,
                improver != null, verifier != null, validator ? waiting : "");
    }

    /**
     * The bootstrap rule (see the class comment): why this validator must not produce now, or
     * {@link Wait#NONE}. Sets {@link #waiting} and logs a change of reason once.
     */
    Wait mayProduce() {
        Wait wait = Wait.NONE;
        String why = "";
        PeerNetwork net = network;
        if (validatorCount > 1 && net == null) {
            wait = Wait.NO_NETWORK;
            why = "waiting for the network: one of " + validatorCount + " validators, without a network (bundle) it has no peer to take turns with";
        } else if (validatorCount > 1) {
            NetworkStatus status = net.status();
            if (!hadPeer && status.inbound() + status.outbound() == 0) {
                wait = Wait.NO_PEER;
                why = "waiting for a first peer: one of " + validatorCount + " validators produces once connected and in sync";
            } else {
                hadPeer = true;
                SyncStatus sync = status.sync();
                if (sync != null && !sync.inSync()) {
                    wait = Wait.BEHIND;
                    why = "waiting to catch up: height " + sync.height() + " of the best peer's " + sync.targetHeight();
                }
            }
        }
        waiting = why;
        synchronized (this) {
            if (wait != waitLogged) {
                if (wait == Wait.NONE) {
                    LOG.info("validator {}: connected and in sync, producing its turns", ledger.nodeAccount());
                } else {
                    LOG.info("validator {}: {}", ledger.nodeAccount(), why);
                }
                waitLogged = wait;
            }
        }
        return wait;
    }

    /**
     * One look at the clock: makes a block when it is this node's turn. Runs on a work-pool thread.
     *
     * @return in how many milliseconds to look again: when the next turn on the (new) head comes, at
     *         most a grace; a tick while the bootstrap rule holds production back or the turn is
     *         still due (its block failed); the next turn after this slot when this one had nothing
     *         to make a block of
     */
    public long produceIfDue() {
        if (mayProduce() != Wait.NONE) {
            return tickMillis;
        }
        long now = clock.getAsLong();
        Block head = ledger.head();
        long next = schedule.nextTurn(nodeKey, head.header().timestampMillis(), now);
        if (next <= now) {
            List<ImprovementProof> proofs = confirmedProofs();
            if (!proofs.isEmpty() || ledger.mempoolSize() > 0 || emptyBlockDue(head, now)) {
                produceOnce(proofs);
                now = clock.getAsLong();
                next = schedule.nextTurn(nodeKey, ledger.head().header().timestampMillis(), now);
            } else {
                // nothing to include: the next look comes at the next turn after this slot, as after a block
                next = schedule.nextTurn(nodeKey, head.header().timestampMillis(), schedule.slotStart(schedule.slot(now) + 1));
            }
        }
        return next <= now ? tickMillis : Math.min(next - now, graceMillis);
    }

    /**
     * Whether a turn with nothing to include makes an empty block: the head is {@code emptyBlockSeconds}
     * old, or one of the newest {@code finalityDepth} blocks carries transactions or mints (it is final
     * once that many blocks follow it). The blocks are read once per new head.
     */
    private boolean emptyBlockDue(Block head, long now) {
        if (now - head.header().timestampMillis() >= emptyBlockMillis) {
            return true;
        }
        if (!Arrays.equals(head.hash(), examinedHead)) {
            examinedHeadUnfinal = carriesSomething(head.header())
                    || LongStream.range(Math.max(1, head.height() - finalityDepth + 1), head.height())
                            .anyMatch(h -> ledger.blockAt(h).map(b -> carriesSomething(b.header())).orElse(false));
            examinedHead = head.hash();
        }
        return examinedHeadUnfinal;
    }

    private static boolean carriesSomething(BlockHeader header) {
        return header.height() > 0 && (header.txCount() > 0 || header.mintCount() > 0);
    }

    /** One block carrying {@code carried}. */
    void produceOnce(List<ImprovementProof> carried) {
        try {
            Block block = ledger.produceBlock(carried);
            blocks.incrementAndGet();
            for (MintEntry mint : block.mints()) {
                proofs.incrementAndGet();
                minted.addAndGet(mint.reward());
            }
            lastError = sourceFailure == null ? "" : sourceFailure;
        } catch (ChainException e) {
            if (e.error() == ChainError.SLOT_TAKEN || e.error() == ChainError.OUT_OF_TURN_TOO_EARLY) {
                // the turn passed between the look and the block (a peer's block took the slot, or the
                // wait for the chain's lock carried the block into a slot where this node is later in
                // turn): not a failure, the next look plans the next turn
                LOG.debug("turn passed meanwhile: {}", e.getMessage());
                return;
            }
            lastError = e.toString();
            LOG.warn("block production failed: {}", e.toString());
        } catch (RuntimeException e) {
            lastError = e.toString();
            LOG.warn("block production failed: {}", e.toString());
        }
    }

    /**
     * The unrewarded proofs the verifier has confirmed ({@link ProofIntake}); none when the source
     * fails, so that a faulty source (a plugin's) costs its proofs, not the chain's blocks. Its
     * failure is logged once until it answers again, and shown as the last error.
     */
    private List<ImprovementProof> confirmedProofs() {
        ImprovementSource source = improver;
        if (source == null) {
            return List.of();
        }
        try {
            List<ImprovementProof> ready = intake.ready(source);
            sourceFailure = null;
            return ready;
        } catch (RuntimeException e) {
            if (sourceFailure == null) {
                LOG.warn("the improvement source failed; blocks go on without its proofs until it answers again", e);
            }
            sourceFailure = "the improvement source failed: " + e;
            lastError = sourceFailure;
            return List.of();
        }
    }
}
