package org.qenex.ai.internal.node;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.ai.internal.candidate.RateLimitedException;
import org.qenex.ai.internal.candidate.SignedCandidate;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.spec.SpecRejectedException;
import org.qenex.api.improvement.ContributorKeys;
import org.qenex.api.improvement.ContributorSignature;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementSource;
import org.qenex.api.node.NodeContext;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.WorkScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The improver: every interval, proposes one candidate from a {@link ConfigurationSearch} seeded
 * with the node id ({@link NodeContext#nodeId()}), and the chain's {@link ImprovementSource}: the
 * proofs of the node's versions ({@link AcceptedProofs}), handed over from the chain's cursor on.
 *
 * <p>Candidates are proposed only on behalf of a contributor the chain can pay: the configured one,
 * or the one {@link #requestWork(String)} names ({@code qenex:mine start} passes the node wallet's
 * address). The node id is not an address, so without a contributor the improver waits: it is
 * started, but schedules no rounds until one is given.
 *
 * <p>Every candidate carries its contributor's signature, which the improver gets from the node's
 * wallets ({@link ContributorKeys#signUnlocked}): only for a contributor whose node wallet was
 * unlocked for mining. Without one, a round proposes nothing and the status says why.
 */
@Component(name = "org.qenex.ai.improver", service = { ImprovementSource.class, Improver.class },
        configurationPid = "org.qenex.ai.improver")
@Designate(ocd = ImproverConfiguration.class)
public final class Improver implements ImprovementSource {

    private static final Logger LOG = LoggerFactory.getLogger(Improver.class);

    private final ModelNode node;
    private final TaskCatalog catalog;
    private final WorkScheduler scheduler;
    private final ConfigurationSearch search;
    private final Duration interval;
    private final AtomicReference<String> contributor;
    private final AtomicReference<JobHandle> job = new AtomicReference<>();
    private volatile boolean wanted;
    private volatile String cannotSign = "";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ContributorKeys keys;

    @Activate
    public Improver(@Reference ModelNode node, @Reference TaskCatalog catalog, @Reference WorkScheduler scheduler,
            @Reference NodeContext context, ImproverConfiguration config) {
        this(node, catalog, scheduler, context, config, null);
    }

    /** For tests: with the wallets that sign its candidates. */
    Improver(ModelNode node, TaskCatalog catalog, WorkScheduler scheduler, NodeContext context,
            ImproverConfiguration config, ContributorKeys keys) {
        this.keys = keys;
        this.node = node;
        this.catalog = catalog;
        this.scheduler = scheduler;
        this.search = new ConfigurationSearch(context.nodeId());
        this.interval = Duration.ofSeconds(Math.max(5, config.intervalSeconds()));
        this.contributor = new AtomicReference<>(config.contributor().trim());
        if (config.enabled()) {
            start();
        }
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    /**
     * Starts proposing every interval, once there is a contributor to credit; does nothing if
     * running.
     */
    public synchronized void start() {
        wanted = true;
        if (contributor.get().isBlank()) {
            LOG.info("The improver waits for a contributor: configure one (org.qenex.ai.improver) or run qenex:mine start");
        } else if (job.get() == null) {
            job.set(scheduler.schedule("ai-improver", JobPriority.LOW, interval, interval, this::proposeOne));
        }
    }

    public synchronized void stop() {
        wanted = false;
        JobHandle running = job.getAndSet(null);
        if (running != null) {
            running.cancel();
        }
    }

    public boolean running() {
        return job.get() != null;
    }

    /** The contributor credited, empty while there is none. */
    public String contributor() {
        return contributor.get();
    }

    /** One line: running and crediting whom, waiting for a contributor, or stopped. */
    public String status() {
        if (running()) {
            String problem = cannotSign;
            return "running, crediting " + contributor.get() + (problem.isEmpty() ? "" : " (" + problem + ")");
        }
        return wanted ? "waiting for a contributor (set contributor in org.qenex.ai.improver, or run qenex:mine start)"
                : "stopped";
    }

    @Override
    public List<ImprovementProof> acceptedProofs() {
        return node.model().proofs().all();
    }

    @Override
    public List<ImprovementProof> acceptedProofsAfter(String lastSeenId) {
        return node.model().proofs().after(lastSeenId);
    }

    @Override
    public void requestWork(String forContributor) {
        if (forContributor != null && CandidateIntake.CONTRIBUTOR.matcher(forContributor).matches()) {
            contributor.set(forContributor);
        } else if (contributor.get().isBlank()) {
            LOG.warn("Improver work requested for '{}', which cannot be credited; no contributor yet, nothing proposed",
                    forContributor);
            return;
        }
        scheduler.submit("ai-improver-now", JobPriority.LOW, this::proposeOne);
        start();
    }

    private void proposeOne() {
        String credited = contributor.get();
        var tasks = catalog.tasks();
        if (credited.isBlank() || tasks.isEmpty() || node.model().candidates().queued() > 0) {
            return; // no one to credit, nothing to improve, or the queue has work: do not pile up
        }
        String spec = search.propose(tasks);
        String parent = node.model().versions().latestHash();
        ContributorKeys signer = keys;
        Optional<ContributorSignature> signature = signer == null ? Optional.empty()
                : signer.signUnlocked(credited, parent, spec);
        if (signature.isEmpty()) {
            String problem = "cannot sign for " + credited + ": unlock its node wallet with qenex:mine start WALLET";
            if (!problem.equals(cannotSign)) {
                LOG.info("The improver proposes nothing: {}", problem);
            }
            cannotSign = problem;
            return;
        }
        cannotSign = "";
        try {
            node.submit(Submitter.node(), new SignedCandidate(spec, parent, signature.get()));
        } catch (SpecRejectedException | RateLimitedException e) {
            LOG.debug("Improver proposal not queued: {}", e.getMessage());
        }
    }
}
