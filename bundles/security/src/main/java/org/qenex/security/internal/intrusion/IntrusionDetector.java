package org.qenex.security.internal.intrusion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.anomaly.DensityEstimator;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.IncidentLog;
import org.qenex.api.node.NodeContext;
import org.qenex.security.internal.audit.AuditEntry;
import org.qenex.security.internal.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the intrusion rules and the anomaly model over every finished REST request and every
 * failed login, blocks the addresses they name, and reports each detection as an incident.
 *
 * <p>Everything that decides runs on the caller's thread, synchronously, so the request that
 * crosses a threshold is the last one the address gets through: the block is in place before the
 * gateway returns. Only the incident (a disk write in the kernel) is handed to a reporting thread.
 */
@Component(service = IntrusionDetector.class, configurationPid = "org.qenex.security.intrusion")
@Designate(ocd = IntrusionConfiguration.class)
public final class IntrusionDetector {

    /** The part every intrusion incident is about. */
    public static final String PART = "security:intrusion";
    /** The active blocks, in {@code ${karaf.data}/qenex/security}: a restart does not lift them. */
    static final String BLOCKS_FILE = "blocked-addresses.tsv";
    /** Lines appended to the blocks file before the sweep rewrites it with the active blocks only. */
    private static final int COMPACT_AFTER_LINES = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(IntrusionDetector.class);

    private final Clock clock;
    private final AuditTrail audit;
    private final Executor reporter;
    private final ScheduledExecutorService sweeper;
    private final long blockMillis;
    private final Set<String> neverBlock;
    private final List<RequestRule> rules = new ArrayList<>();
    private final AnomalyRule anomaly;
    private final AnomalyModel model;
    private final Path baselineFile;
    private final AddressBlocklist blocklist;
    private final BlocklistJournal blockJournal;
    private final Map<String, Long> lastRaised = new ConcurrentHashMap<>();
    private final long cooldownMillis;
    private final AtomicLong detections = new AtomicLong();
    private final AtomicLong droppedReports = new AtomicLong();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile IncidentLog incidents;

    @Activate
    public IntrusionDetector(IntrusionConfiguration config, @Reference AuditTrail audit, @Reference NodeContext node) {
        this(config, Clock.systemUTC(), audit, reportingThread(), node.dataFolder());
    }

    /** {@code folder} keeps the anomaly baseline and the active blocks; null keeps nothing on disk. */
    IntrusionDetector(IntrusionConfiguration config, Clock clock, AuditTrail audit, Executor reporter, Path folder) {
        this.clock = clock;
        this.audit = audit;
        this.reporter = reporter;
        this.blockMillis = Math.max(0, config.blockSeconds()) * 1000L;
        this.cooldownMillis = Math.max(blockMillis, 60_000L);
        this.neverBlock = Set.of(config.neverBlock());
        int max = Math.max(100, config.maxTrackedAddresses());
        this.blocklist = new AddressBlocklist(max);
        this.blockJournal = folder == null ? null : new BlocklistJournal(folder.resolve(BLOCKS_FILE));
        restoreBlocks();
        rules.add(new BruteForceRule(config.bruteForceFailures(), seconds(config.bruteForceWindowSeconds()), max));
        rules.add(new UserBruteForceRule(config.userFailures(), seconds(config.userWindowSeconds()), max));
        rules.add(new ScanRule(config.scanDistinctPaths(), seconds(config.scanWindowSeconds()), max));
        rules.add(new FloodRule(config.floodRequests(), seconds(config.floodWindowSeconds()), max));
        rules.add(new GarbageRule(config.garbageRequests(), seconds(config.garbageWindowSeconds()), max));
        this.model = new AnomalyModel(Math.max(10, config.anomalyBaseline()), config.anomalyMinWindows());
        this.baselineFile = folder == null ? null : folder.resolve("anomaly-baseline.csv");
        if (config.anomalyEnabled()) {
            anomaly = new AnomalyRule(model, seconds(config.anomalyWindowSeconds()), config.anomalyThreshold(),
                    config.anomalyMinWindows(), max, config.anomalyBlocks());
            rules.add(anomaly);
            loadBaseline();
        } else {
            anomaly = null;
        }
        long sweepMillis = seconds(Math.max(1, config.anomalyWindowSeconds()));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "qenex-intrusion-sweep");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
        if (blockJournal != null) {
            try {
                blockJournal.compact(() -> blocklist.active(clock.millis()));
                blockJournal.close();
            } catch (IOException e) {
                LOG.warn("The active blocks could not be saved: {}", e.toString());
            }
        }
        if (reporter instanceof ThreadPoolExecutor pool) {
            pool.shutdown();
        }
        if (anomaly != null && baselineFile != null && model.size() > 0) {
            try {
                Files.createDirectories(baselineFile.getParent());
                model.save(baselineFile);
            } catch (IOException e) {
                LOG.warn("The anomaly baseline could not be saved to {}: {}", baselineFile, e.toString());
            }
        }
    }

    /**
     * The AI bundle's density estimator, when it is installed: the anomaly model fits it to its
     * baseline on the sweep thread and judges with it from then on; without it, median/MAD judges.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDensityEstimator(DensityEstimator estimator) {
        model.useEstimator(estimator);
        try {
            sweeper.execute(this::refitDensity);
        } catch (RejectedExecutionException stopping) {
            // deactivating: nothing left to judge
        }
    }

    void unbindDensityEstimator(DensityEstimator estimator) {
        model.dropEstimator(estimator);
    }

    /** The model that judges anomalies now, for the shell and tests. */
    String anomalyModel() {
        AnomalyModel.Density density = model.density();
        return density == null ? "median/MAD" : density.fitted().algorithm();
    }

    void refitDensity() {
        if (anomaly == null) {
            return;
        }
        try {
            if (model.refitDensity()) {
                LOG.info("Anomaly model fitted: {}", model.density() == null ? "unbound" : model.density().fitted().algorithm());
            }
        } catch (RuntimeException e) {
            LOG.warn("The anomaly density could not be fitted; the previous model stays: {}", e.toString());
        }
    }

    void setIncidentLog(IncidentLog log) {
        this.incidents = log;
    }

    /** Whether {@code address} is blocked now. */
    public boolean isBlocked(String address) {
        return blocklist.isBlocked(address, clock.millis());
    }

    /** Runs every rule over one finished request. */
    public void observe(FinishedRequest request) {
        long now = clock.millis();
        for (RequestRule rule : rules) {
            Optional<Detection> found = rule.observe(request, now);
            if (found.isPresent()) {
                act(found.get(), request.address(), now);
                if (isBlocked(request.address())) {
                    return;
                }
            }
        }
    }

    /** A login that failed by a route other than REST (SSH); REST failures arrive as 401s through {@link #observe}. */
    public void loginFailed(String address, String user, long now) {
        for (RequestRule rule : rules) {
            Optional<Detection> found = rule.loginFailed(address, user, now);
            if (found.isPresent()) {
                act(found.get(), address, now);
            }
        }
    }

    public void loginFailed(String address, String user) {
        loginFailed(address, user, clock.millis());
    }

    public List<AddressBlocklist.Block> blocked() {
        return blocklist.active(clock.millis());
    }

    public boolean unblock(String address) {
        boolean lifted = blocklist.unblock(address);
        if (lifted && blockJournal != null) {
            try {
                blockJournal.unblocked(address);
            } catch (IOException e) {
                LOG.warn("Lifting the block of {} could not be saved; it would come back at the next start: {}", address,
                        e.toString());
            }
        }
        return lifted;
    }

    public long detections() {
        return detections.get();
    }

    int baselineWindows() {
        return model.size();
    }

    void sweep() {
        long now = clock.millis();
        try {
            for (RequestRule rule : rules) {
                if (rule == anomaly) {
                    for (Detection found : anomaly.closeExpired(now)) {
                        act(found, found.subject(), now);
                    }
                } else {
                    rule.sweep(now);
                }
            }
            lastRaised.values().removeIf(at -> at <= now - cooldownMillis);
            if (blockJournal != null && blockJournal.linesSinceCompaction() > COMPACT_AFTER_LINES) {
                blockJournal.compact(() -> blocklist.active(now));
            }
        } catch (RuntimeException | IOException e) {
            LOG.warn("Intrusion detection sweep failed", e);
        }
        refitDensity();
    }

    private void act(Detection detection, String address, long now) {
        String key = detection.rule() + " " + detection.subject();
        boolean block = detection.blocks() && blockMillis > 0 && !neverBlock.contains(address);
        if (block) {
            if (!blocklist.block(address, now + blockMillis, detection.cause())) {
                block = false;
            } else {
                saveBlock(new AddressBlocklist.Block(address, now + blockMillis, detection.cause()));
                for (RequestRule rule : rules) {
                    rule.forget(address);
                }
            }
        }
        Long previous = lastRaised.get(key);
        if (!block && previous != null && previous > now - cooldownMillis) {
            return;
        }
        lastRaised.put(key, now);
        detections.incrementAndGet();
        String action = block ? "blocked " + address + " for " + blockMillis / 1000 + " s"
                : detection.blocks() && neverBlock.contains(address) ? "none (" + address + " is never blocked)" : "none";
        String outcome = block ? "requests from " + address + " answered 403 until " + Instant.ofEpochMilli(now + blockMillis)
                : "watching";
        audit.record(new AuditEntry("system", "system", address, "intrusion." + detection.rule(),
                block ? "blocked" : "detected", detection.cause()));
        IncidentLog log = incidents;
        if (log == null) {
            LOG.warn("Intrusion ({}): {}; action: {}", detection.rule(), detection.cause(), action);
            return;
        }
        try {
            reporter.execute(() -> log.report(PART, HealthStatus.DEGRADED, detection.cause(), action, outcome));
        } catch (RejectedExecutionException full) {
            droppedReports.incrementAndGet();
        }
    }

    /** Appended right after the block is in force: the file write is not part of the detection latency. */
    private void saveBlock(AddressBlocklist.Block block) {
        if (blockJournal == null) {
            return;
        }
        try {
            blockJournal.blocked(block);
        } catch (IOException e) {
            LOG.warn("The block of {} could not be saved; a restart would lift it: {}", block.address(), e.toString());
        }
    }

    /** The blocks active when the node last stopped (or was killed), unless the configuration now never blocks them. */
    private void restoreBlocks() {
        if (blockJournal == null) {
            return;
        }
        try {
            long now = clock.millis();
            List<AddressBlocklist.Block> restored = blockJournal.load(now, neverBlock);
            if (blockMillis == 0) {
                return; // blocking is off: the saved blocks stay on disk, unenforced
            }
            for (AddressBlocklist.Block block : restored) {
                blocklist.block(block.address(), block.until(), block.reason());
            }
            if (!restored.isEmpty()) {
                LOG.info("{} address blocks restored from {}", restored.size(), BLOCKS_FILE);
            }
        } catch (IOException e) {
            LOG.warn("The saved blocks could not be read; starting without them: {}", e.toString());
        }
    }

    private void loadBaseline() {
        if (baselineFile == null) {
            return;
        }
        try {
            model.load(baselineFile);
        } catch (IOException e) {
            LOG.warn("The anomaly baseline {} could not be read; learning afresh: {}", baselineFile, e.toString());
        }
    }

    private static long seconds(int seconds) {
        return Math.max(1, seconds) * 1000L;
    }

    /** One thread, a bounded queue: a storm of detections cannot pile up reports without end. */
    private static Executor reportingThread() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1000), runnable -> {
            // made on a request's thread, it would inherit that request's id into every report's log lines
            Thread thread = new Thread(() -> {
                MDC.clear();
                runnable.run();
            }, "qenex-intrusion-report");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
    }
}
