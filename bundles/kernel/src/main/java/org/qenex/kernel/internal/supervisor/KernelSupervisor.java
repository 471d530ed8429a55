package org.qenex.kernel.internal.supervisor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.management.JMException;
import javax.management.ObjectName;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.IncidentLog;
import org.qenex.kernel.internal.DataLocation;
import org.qenex.kernel.internal.resources.ProcessCpu;
import org.qenex.kernel.internal.work.WorkPool;
import org.qenex.kernel.internal.work.WorkStats;
import org.qenex.kernel.internal.supervisor.RestartPolicy.Quarantine;
import org.qenex.kernel.internal.supervisor.RestartPolicy.Restart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the node's parts and restarts the failed ones, following the {@link RestartPolicy}.
 *
 * <p>All decisions and actions happen on one thread, {@code qenex-supervisor}: rounds, delayed
 * restarts and operator heals are queued on it, so the per-part state needs no locking. Other
 * threads only read the last round's snapshot. The thread and the clock are given to it, so its
 * tests run backoff, quarantine and boot in simulated time.
 */
@Component(name = "org.qenex.kernel.supervisor", service = Supervisor.class, configurationPid = "org.qenex.kernel.supervisor")
@Designate(ocd = SupervisorConfiguration.class)
public final class KernelSupervisor implements Supervisor {

    private static final Logger LOG = LoggerFactory.getLogger(KernelSupervisor.class);

    /** How long one SCR enable or disable may take before the supervisor gives up on it. */
    private static final long SCR_TIMEOUT_MILLIS = 10_000;

    private final IncidentLog incidents;
    private final Clock clock;
    private final SupervisorConfiguration config;
    private final RestartPolicy policy;
    private final QuarantineStore quarantineStore;
    private final HealthCheckRunner healthChecks = new HealthCheckRunner();
    private final PartObserver observer;
    private final ScheduledExecutorService thread;
    private final long interval;
    private final long startingInterval;
    private final Map<Long, RegisteredCheck> checks = new ConcurrentHashMap<>();
    private final Map<String, QuarantineEntry> quarantine = new ConcurrentHashMap<>();
    private final Set<String> pendingRestarts = ConcurrentHashMap.newKeySet();
    // Below: only used on the supervisor thread.
    private final Map<String, Long> unsatisfiedSince = new HashMap<>();
    private final Set<String> unsatisfiedReported = new HashSet<>();
    /** When each health check that does not answer stopped answering (the supervisor's clock). */
    private final Map<String, Long> unansweredSince = new HashMap<>();
    private final Set<String> unansweredReported = new HashSet<>();
    private final Set<String> quarantineEnforced = new HashSet<>();
    /** Every part seen since the kernel started, with its bundle's id: what to forget when that bundle goes. */
    private final Map<String, Long> partBundles = new HashMap<>();
    private boolean orphansChecked;
    private volatile Map<String, Observation> lastRound = Map.of();
    /** Why the node does not serve yet; {@code null} once it does (then for good: later failures are health). */
    private volatile String notServing = "the framework is still starting";
    private final BundleContext context;
    private final BundleListener uninstalls = this::bundleChanged;
    private final OnServing onServing;
    /** Only to tell when the start's background work has ended (BootHeapReturn); the supervisor needs no pool. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile WorkPool workPool;

    @Activate
    public KernelSupervisor(BundleContext context, SupervisorConfiguration config,
            @Reference ServiceComponentRuntime scr, @Reference IncidentLog incidents) throws IOException {
        this(context, config, scr, incidents, Clock.systemUTC(), supervisorThread(),
                DataLocation.of(context).kernelDir().resolve("quarantine.json"), null);
    }

    /** What runs once, on the supervisor's thread, when the node starts serving. */
    @FunctionalInterface
    interface OnServing {
        /**
         * @param thread the supervisor's thread, for what it plans later
         * @param clock the supervisor's clock
         */
        void nodeServes(ScheduledExecutorService thread, Clock clock);
    }

    /**
     * Booting grows the heap to several times what the node keeps live, and an idle JVM does not
     * collect by itself, so G1 would keep that peak committed until its next periodic cycle. A
     * collection lets it shrink to the free share the distribution sets (bin/setenv: a concurrent
     * cycle there, -XX:+ExplicitGCInvokesConcurrent): one at serving, for the boot's peak (on a
     * loaded machine the start's work after serving can take most of a minute), and one once that
     * work has settled ({@link BootHeapReturn}), for what it grew again.
     */
    private void returnBootHeapWhenSettled(ScheduledExecutorService serving, Clock time) {
        System.gc(); // the boot's peak, once per start, on purpose
        new BootHeapReturn(serving, time, ProcessCpu::nanos, this::workPoolWorking, KernelSupervisor::returnBootMemory)
                .nodeServes();
    }

    private boolean workPoolWorking() {
        WorkPool pool = workPool;
        if (pool == null) {
            return false;
        }
        WorkStats stats = pool.stats();
        return stats.running() > 0 || stats.queued() > 0;
    }

    private static void returnBootMemory() {
        // what the start's work after serving grew, once per start, on purpose; the idle node's
        // heap kept with less room to spare than under load (TightCollection)
        TightCollection.run(System::gc);
        trimNativeHeap();
    }

    /**
     * The start's native peaks (the JIT's arenas reached about 40 MB while C2 compiled the start's
     * code, G1's remembered sets) are freed into glibc's malloc arenas, which keep the pages: one
     * {@code malloc_trim} (the JVM's {@code System.trim_native_heap}, JDK 17.0.9 and later) hands
     * them back to the OS. A JVM without that command keeps them, as before.
     */
    private static void trimNativeHeap() {
        try {
            Object result = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap", null, null);
            LOG.info("{}", String.valueOf(result).trim());
        } catch (JMException | RuntimeException e) {
            LOG.debug("This JVM cannot trim its native heap: {}", e.toString());
        }
    }

    /** For tests: without the collection after boot. */
    KernelSupervisor(BundleContext context, SupervisorConfiguration config, ServiceComponentRuntime scr,
            IncidentLog incidents, Clock clock, ScheduledExecutorService thread, Path quarantineFile) {
        this(context, config, scr, incidents, clock, thread, quarantineFile, (serving, time) -> { });
    }

    /**
     * @param clock the time of restarts, quarantines and waits
     * @param thread the one thread every round, restart and heal runs on; shut down on deactivation
     * @param quarantineFile where the quarantine list is kept
     * @param onServing run once, on the supervisor thread, when the node starts serving; {@code null}: the
     *        collection once the start has settled ({@link BootHeapReturn})
     */
    KernelSupervisor(BundleContext context, SupervisorConfiguration config, ServiceComponentRuntime scr,
            IncidentLog incidents, Clock clock, ScheduledExecutorService thread, Path quarantineFile,
            OnServing onServing) {
        this.context = context;
        this.onServing = onServing != null ? onServing : this::returnBootHeapWhenSettled;
        this.incidents = incidents;
        this.config = config;
        this.clock = clock;
        this.policy = new RestartPolicy(new RestartPolicy.Settings(
                Duration.ofMillis(Math.max(0, config.initialBackoff())),
                Duration.ofMillis(Math.max(Math.max(0, config.initialBackoff()), config.maxBackoff())),
                Math.max(0, config.maxRestarts()), Duration.ofMillis(Math.max(1, config.window())),
                Duration.ofMillis(Math.max(0, config.stableAfter()))), clock::millis);
        this.quarantineStore = new QuarantineStore(quarantineFile);
        try {
            this.quarantine.putAll(quarantineStore.load());
        } catch (IOException e) {
            // Supervising without the old list beats not supervising at all; the next quarantine rewrites the file.
            LOG.warn("Could not read the quarantine list; starting with none: {}", e.toString());
        }
        this.observer = new PartObserver(context, scr, healthChecks, Math.max(1, config.healthTimeout()),
                SCR_TIMEOUT_MILLIS);
        this.thread = thread;
        context.addBundleListener(uninstalls);
        this.interval = Math.max(100, config.checkInterval());
        this.startingInterval = Math.max(50, Math.min(interval, config.startingInterval()));
        thread.schedule(this::roundThenNext, 0, TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService supervisorThread() {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread supervisor = new Thread(task, "qenex-supervisor");
            supervisor.setDaemon(true);
            return supervisor;
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeHealthCheck")
    void addHealthCheck(HealthCheck check, Map<String, Object> properties) {
        RegisteredCheck registered = RegisteredCheck.of(check, properties);
        checks.put(registered.serviceId(), registered);
    }

    void removeHealthCheck(HealthCheck check, Map<String, Object> properties) {
        checks.remove(RegisteredCheck.of(check, properties).serviceId());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        context.removeBundleListener(uninstalls);
        thread.shutdownNow();
        if (!thread.awaitTermination(SCR_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            LOG.warn("The supervisor thread did not stop within {} ms", SCR_TIMEOUT_MILLIS);
        }
        healthChecks.close();
    }

    @Override
    public List<PartView> parts() {
        Map<String, Observation> round = lastRound;
        Map<String, PartView> views = new TreeMap<>();
        for (Observation seen : round.values()) {
            QuarantineEntry entry = quarantine.get(seen.part());
            views.put(seen.part(), new PartView(seen.part(), seen.kind(), seen.bundle().getBundleId(),
                    BundleStateName.of(seen.bundle().getState()), entry != null ? HealthStatus.DOWN : seen.status(),
                    entry != null ? "quarantined: " + entry.reason() : seen.message(), entry != null,
                    policy.consecutiveRestarts(seen.part()), lastIncident(seen.part()), seen.critical()));
        }
        // A quarantined part may be invisible to a round, e.g. a health check whose component is disabled.
        for (QuarantineEntry entry : quarantine.values()) {
            if (!views.containsKey(entry.part())) {
                Bundle bundle = observer.bundleNamed(entry.bundle());
                views.put(entry.part(), new PartView(entry.part(), PartKind.ofPartName(entry.part()),
                        bundle == null ? -1 : bundle.getBundleId(),
                        bundle == null ? "UNINSTALLED" : BundleStateName.of(bundle.getState()), HealthStatus.DOWN,
                        "quarantined: " + entry.reason(), true, policy.consecutiveRestarts(entry.part()),
                        lastIncident(entry.part()), entry.critical()));
            }
        }
        return List.copyOf(views.values());
    }

    @Override
    public HealthStatus overallHealth() {
        HealthStatus worst = HealthStatus.UP;
        for (QuarantineEntry entry : quarantine.values()) {
            worst = worst.worst(entry.critical() ? HealthStatus.DOWN : HealthStatus.DEGRADED);
        }
        for (Observation seen : lastRound.values()) {
            worst = worst.worst(seen.critical() ? seen.status() : PartView.capped(seen.status()));
        }
        return worst;
    }

    @Override
    public Optional<String> notServing() {
        return Optional.ofNullable(notServing);
    }

    @Override
    public Incident heal(String part) {
        try {
            return thread.submit(() -> healNow(part)).get(3 * SCR_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Healing " + part + " failed: " + FailureText.of(e.getCause()), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Healing " + part + " is still in progress; see qenex:incidents", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while healing " + part, e);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("The supervisor is stopping", e);
        }
    }

    private Incident lastIncident(String part) {
        List<Incident> newest = incidents.recent(part, 1);
        return newest.isEmpty() ? null : newest.get(0);
    }

    /**
     * One round, then the next after a fixed delay: the start interval while the node does not serve
     * yet, so that {@code /api/v1/health} turns UP within a fraction of a second of the last endpoint
     * registering instead of waiting up to a whole check interval; the check interval from then on.
     */
    private void roundThenNext() {
        round();
        if (Thread.currentThread().isInterrupted()) {
            return; // deactivating
        }
        try {
            thread.schedule(this::roundThenNext, notServing == null ? interval : startingInterval, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // deactivating: no next round
        }
    }

    private void round() {
        try {
            if (!observer.frameworkSettled()) {
                return;
            }
            Map<String, Observation> round = observer.observe(List.copyOf(checks.values()));
            Map<String, Observation> judged = new TreeMap<>();
            for (Observation seen : round.values()) {
                judged.put(seen.part(), judgeUnanswered(judgeWaiting(seen)));
            }
            forgetVanished(judged);
            for (Observation seen : judged.values()) {
                partBundles.put(seen.part(), seen.bundle().getBundleId());
            }
            lastRound = judged;
            forgetOrphanedQuarantine();
            judgeServing(judged);
            for (Observation seen : judged.values()) {
                act(seen);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // deactivating
        } catch (RuntimeException e) {
            // One bad round must not end supervision: a scheduled task that throws is never run again.
            LOG.warn("A supervision round failed; the next one runs as scheduled", e);
        }
    }

    /** Reports a component that waits for a reference longer than the grace period, once, and again when it resolves. */
    private Observation judgeWaiting(Observation seen) {
        String part = seen.part();
        if (!seen.waitingForReference()) {
            unsatisfiedSince.remove(part);
            if (unsatisfiedReported.remove(part)) {
                incidents.report(part, HealthStatus.UP, "reference satisfied again", "none", seen.message());
            }
            return seen;
        }
        long now = clock.millis();
        long waited = now - unsatisfiedSince.computeIfAbsent(part, p -> now);
        if (waited < config.unsatisfiedGrace()) {
            return seen;
        }
        if (unsatisfiedReported.add(part)) {
            incidents.report(part, HealthStatus.DEGRADED, seen.message() + " for " + waited + " ms", "none", "waiting");
        }
        return seen.withStatus(HealthStatus.DEGRADED, seen.message());
    }

    /**
     * A health check that does not answer in time is slow or hung, and only time tells which: on a
     * node whose CPU is saturated (a load test, a catch-up) a check can miss its timeout while the
     * part works, and restarting the part then drops its work (a network loses its peers) and adds
     * more. So, like a Kubernetes probe's failure threshold, an unanswered check is DEGRADED until it
     * has answered nothing for {@code unansweredGrace}; only then is it DOWN and restarted. A check
     * that answers DOWN is restarted as before: that is a verdict, not a delay. Reported once each
     * way, like a missing reference.
     */
    private Observation judgeUnanswered(Observation seen) {
        String part = seen.part();
        if (!seen.unanswered()) {
            unansweredSince.remove(part);
            if (unansweredReported.remove(part)) {
                incidents.report(part, HealthStatus.UP, "answers again", "none", seen.status() + ": " + seen.message());
            }
            return seen;
        }
        long now = clock.millis();
        long silent = now - unansweredSince.computeIfAbsent(part, p -> now);
        if (silent >= config.unansweredGrace()) {
            return seen.judged(HealthStatus.DOWN, seen.message() + "; unanswered for " + silent + " ms", true);
        }
        if (unansweredReported.add(part)) {
            incidents.report(part, HealthStatus.DEGRADED, seen.message(), "none",
                    "waiting: restarted only if it stays unanswered for " + config.unansweredGrace() + " ms");
        }
        return seen.judged(HealthStatus.DEGRADED, seen.message() + " (slow: unanswered for " + silent + " ms, restarted after "
                + config.unansweredGrace() + " ms)", false);
    }

    /**
     * The node serves once every one of its own endpoint components is registered. Until the first
     * round after Karaf's boot, and while one of them still waits for a reference (the chain's while
     * its store opens, say), {@code /api/v1/health} must not send a load balancer traffic that would
     * meet 404s.
     */
    private void judgeServing(Map<String, Observation> round) {
        if (notServing == null) {
            return;
        }
        List<String> waiting = new ArrayList<>();
        for (Observation seen : round.values()) {
            if (seen.endpoint() && seen.waitingForReference()) {
                waiting.add(seen.part() + " (" + seen.message() + ")");
            }
        }
        if (waiting.isEmpty()) {
            notServing = null;
            LOG.info("Every endpoint of the node is registered: it serves");
            onServing.nodeServes(thread, clock);
        } else {
            notServing = "waiting for " + String.join(", ", waiting);
        }
    }

    private void bundleChanged(BundleEvent event) {
        if (event.getType() != BundleEvent.UNINSTALLED) {
            return;
        }
        Bundle gone = event.getBundle();
        try {
            thread.execute(() -> forgetBundle(gone.getBundleId(), gone.getSymbolicName()));
        } catch (RejectedExecutionException e) {
            // Deactivating: nothing is left to forget.
        }
    }

    /**
     * A removed bundle takes its parts with it: their last status, restart history, pending
     * restarts and quarantine. Otherwise a removed plugin whose check was quarantined keeps the
     * node DOWN until someone heals a part that no longer exists, and a reinstall starts at
     * "attempt 2". The incidents stay: they are the record of what happened.
     */
    private void forgetBundle(long bundleId, String symbolicName) {
        Set<String> parts = new HashSet<>();
        partBundles.forEach((part, id) -> {
            if (id == bundleId) {
                parts.add(part);
            }
        });
        if (symbolicName != null && observer.bundleNamed(symbolicName) == null) {
            for (QuarantineEntry entry : quarantine.values()) {
                if (entry.bundle().equals(symbolicName)) {
                    parts.add(entry.part());
                }
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        Map<String, Observation> round = new TreeMap<>(lastRound);
        List<String> lifted = new ArrayList<>();
        for (String part : parts) {
            if (quarantine.remove(part) != null) {
                lifted.add(part);
            }
            policy.forget(part);
            pendingRestarts.remove(part);
            quarantineEnforced.remove(part);
            unsatisfiedSince.remove(part);
            unsatisfiedReported.remove(part);
            unansweredSince.remove(part);
            unansweredReported.remove(part);
            partBundles.remove(part);
            round.remove(part);
        }
        lastRound = round;
        if (!lifted.isEmpty()) {
            saveQuarantine();
        }
        for (String part : lifted) {
            incidents.report(part, HealthStatus.UP, "its bundle " + symbolicName + " was uninstalled", "forget",
                    "quarantine lifted and restart history cleared; a reinstall starts afresh");
        }
        LOG.info("Bundle {} ({}) was uninstalled; forgot its parts {}", bundleId, symbolicName, parts);
    }

    /** A plugin removed while the node was down leaves quarantine entries no bundle can heal: drop them once. */
    private void forgetOrphanedQuarantine() {
        if (orphansChecked) {
            return;
        }
        orphansChecked = true;
        Set<String> gone = new HashSet<>();
        for (QuarantineEntry entry : quarantine.values()) {
            if (observer.bundleNamed(entry.bundle()) == null) {
                gone.add(entry.bundle());
            }
        }
        for (String bundle : gone) {
            forgetBundle(-1, bundle);
        }
    }

    private void forgetVanished(Map<String, Observation> round) {
        unsatisfiedSince.keySet().retainAll(round.keySet());
        unsatisfiedReported.retainAll(round.keySet());
        unansweredSince.keySet().retainAll(round.keySet());
        unansweredReported.retainAll(round.keySet());
    }

    private void act(Observation seen) {
        String part = seen.part();
        if (quarantine.containsKey(part)) {
            enforceQuarantine(seen);
            return;
        }
        if (!seen.failing()) {
            if (policy.onHealthy(part)) {
                LOG.info("{} has been stable for {} ms; its restart count starts again", part, config.stableAfter());
            }
            return;
        }
        if (pendingRestarts.contains(part)) {
            return;
        }
        RestartPolicy.Decision decision = policy.onFailure(part);
        if (decision instanceof Restart restart) {
            pendingRestarts.add(part);
            thread.schedule(() -> restartNow(part, restart, seen.message()), restart.delay().toMillis(),
                    TimeUnit.MILLISECONDS);
        } else if (decision instanceof Quarantine quarantined) {
            quarantineNow(seen, quarantined.reason());
        }
    }

    private void restartNow(String part, Restart restart, String cause) {
        if (!pendingRestarts.remove(part)) {
            return; // healed meanwhile
        }
        Observation seen = lastRound.get(part);
        if (seen == null || !observer.stillFailing(seen)) {
            LOG.info("{} recovered before its restart; nothing to do", part);
            return;
        }
        String action = "restart (attempt " + restart.attempt() + ", after " + restart.delay().toMillis() + " ms)";
        String outcome;
        try {
            outcome = seen.control().restart();
        } catch (Exception e) {
            outcome = "still failing: " + FailureText.of(e);
        }
        unansweredSince.remove(part); // the restarted part gets a whole grace to answer
        incidents.report(part, HealthStatus.DOWN, cause, action, outcome);
    }

    private void quarantineNow(Observation seen, String reason) {
        String part = seen.part();
        String outcome;
        try {
            if (seen.control().isStarted()) {
                seen.control().stop();
            }
            outcome = "stopped until an operator heals it (qenex:heal " + part + ")";
        } catch (Exception e) {
            outcome = "could not stop it: " + FailureText.of(e);
        }
        String cause = reason + "; last failure: " + seen.message();
        quarantine.put(part, new QuarantineEntry(part, cause, clock.instant(), seen.bundle().getSymbolicName(),
                seen.componentName(), seen.critical()));
        quarantineEnforced.add(part);
        saveQuarantine();
        incidents.report(part, HealthStatus.DOWN, cause, "quarantine", outcome);
    }

    /** After a restart of the kernel or the node, a quarantined part may be running again: stop it, once. */
    private void enforceQuarantine(Observation seen) {
        if (!quarantineEnforced.add(seen.part()) || !seen.control().isStarted()) {
            return;
        }
        try {
            seen.control().stop();
            LOG.info("{} is quarantined since {}; stopped it again", seen.part(), quarantine.get(seen.part()).since());
        } catch (Exception e) {
            LOG.warn("{} is quarantined but could not be stopped: {}", seen.part(), FailureText.of(e));
        }
    }

    private Incident healNow(String part) {
        QuarantineEntry entry = quarantine.remove(part);
        Observation seen = lastRound.get(part);
        if (entry == null && seen == null) {
            throw new IllegalArgumentException("No part named '" + part + "'; qenex:health lists the parts");
        }
        if (entry != null) {
            saveQuarantine();
        }
        policy.forget(part);
        pendingRestarts.remove(part);
        quarantineEnforced.remove(part);
        PartControl control = seen != null ? seen.control() : observer.controlFor(entry);
        String cause = entry != null ? "an operator lifted the quarantine (" + entry.reason() + ")"
                : "an operator asked to restart it (" + seen.message() + ")";
        if (control == null) {
            return incidents.report(part, HealthStatus.DOWN, cause, "heal",
                    "still failing: bundle " + entry.bundle() + " is not installed");
        }
        String outcome;
        HealthStatus severity;
        try {
            outcome = control.isStarted() ? control.restart() : control.start();
            severity = control.isWorking() ? HealthStatus.UP : HealthStatus.DOWN;
        } catch (Exception e) {
            outcome = "still failing: " + FailureText.of(e);
            severity = HealthStatus.DOWN;
        }
        return incidents.report(part, severity, cause, "heal", outcome);
    }

    private void saveQuarantine() {
        try {
            quarantineStore.save(new ArrayList<>(quarantine.values()));
        } catch (IOException e) {
            LOG.warn("Could not save the quarantine list; it will not survive a restart: {}", e.toString());
        }
    }
}
