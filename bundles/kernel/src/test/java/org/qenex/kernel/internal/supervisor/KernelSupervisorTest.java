package org.qenex.kernel.internal.supervisor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.framework.dto.BundleDTO;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.testing.RecordingIncidentLog;
import org.qenex.kernel.internal.testing.ManualScheduler;

/**
 * The supervisor's plumbing against hand-made fakes of the framework: a supervised bundle whose
 * activator keeps throwing is restarted with backoff, then quarantined, and healed. The supervisor
 * runs in simulated time ({@link ManualScheduler}): rounds every 100 ms, restarts after 10 and 20 ms
 * happen exactly then, and "nothing happens for ten minutes" is checked by letting ten simulated
 * minutes pass, not by sleeping.
 */
public class KernelSupervisorTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final AtomicInteger crashyState = new AtomicInteger(Bundle.RESOLVED);
    private final AtomicBoolean activatorThrows = new AtomicBoolean(true);
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicBoolean bootFinished = new AtomicBoolean(true);
    /** SCR's service.changecount; -1: the SCR publishes none. */
    private final java.util.concurrent.atomic.AtomicLong changeCount = new java.util.concurrent.atomic.AtomicLong(-1);
    private final AtomicInteger servedOnce = new AtomicInteger();
    private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
    private final Instant start = time.now();
    private final RecordingIncidentLog incidents = new RecordingIncidentLog(time.clock());
    private final List<Bundle> installed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<BundleListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private KernelSupervisor supervisor;

    @After
    public void deactivate() throws InterruptedException {
        if (supervisor != null) {
            supervisor.deactivate();
        }
    }

    private KernelSupervisor supervise(BundleContext context, ServiceComponentRuntime scr) {
        return supervise(context, scr, config());
    }

    private KernelSupervisor supervise(BundleContext context, ServiceComponentRuntime scr, SupervisorConfiguration config) {
        return new KernelSupervisor(context, config, scr, incidents, time.clock(), time, quarantineFile(),
                (thread, clock) -> servedOnce.incrementAndGet());
    }

    private Path quarantineFile() {
        return folder.getRoot().toPath().resolve("qenex/kernel/quarantine.json");
    }

    @Test
    public void aBundleThatKeepsFailingIsRestartedThenQuarantinedThenHealed() throws Exception {
        supervisor = supervise(context(), emptyScr());

        time.runDue(); // the first round, at 0 ms: the bundle is failing, a restart is due after 10 ms
        time.advance(Duration.ofMillis(9));
        assertEquals("no restart before the backoff has passed", 0, starts.get());
        time.advance(Duration.ofMillis(1));
        assertEquals(1, starts.get());
        time.advance(Duration.ofMillis(90 + 19)); // the round at 100 ms schedules attempt 2 for 120 ms
        assertEquals(1, starts.get());
        time.advance(Duration.ofMillis(1));
        assertEquals(2, starts.get());
        assertTrue(incidents.withAction("quarantine").isEmpty());
        time.advance(Duration.ofMillis(80)); // the round at 200 ms finds it failing after 2 restarts: the limit

        Incident quarantine = incidents.only("quarantine");
        List<Incident> restarts = incidents.withAction("restart");
        assertEquals(2, restarts.size());
        assertEquals("restart (attempt 1, after 10 ms)", restarts.get(0).action());
        assertEquals(start.plusMillis(10), restarts.get(0).time());
        assertEquals("restart (attempt 2, after 20 ms)", restarts.get(1).action());
        assertEquals(start.plusMillis(120), restarts.get(1).time());
        assertEquals(start.plusMillis(200), quarantine.time());
        assertTrue(restarts.get(0).outcome(), restarts.get(0).outcome().startsWith("still failing: ")
                && restarts.get(0).outcome().contains("activator boom"));
        assertEquals("bundle:org.qenex.crashy", quarantine.part());
        assertEquals(HealthStatus.DOWN, quarantine.severity());
        assertTrue(quarantine.cause(), quarantine.cause().contains("2 restart(s)"));
        assertEquals(2, starts.get());

        PartView view = supervisor.parts().stream().filter(p -> p.name().equals("bundle:org.qenex.crashy"))
                .findFirst().orElseThrow();
        assertTrue(view.quarantined());
        assertEquals(HealthStatus.DOWN, view.health());
        assertEquals(HealthStatus.DOWN, supervisor.overallHealth());
        Map<String, QuarantineEntry> persisted = new QuarantineStore(quarantineFile()).load();
        assertEquals("org.qenex.crashy", persisted.get("bundle:org.qenex.crashy").bundle());
        assertEquals(start.plusMillis(200), persisted.get("bundle:org.qenex.crashy").since());

        // Quarantined: no further restarts in ten minutes of rounds.
        time.advance(Duration.ofMinutes(10));
        assertEquals(2, starts.get());
        assertEquals(1, incidents.withAction("quarantine").size());

        activatorThrows.set(false);
        Incident healed = supervisor.heal("bundle:org.qenex.crashy");
        assertEquals("heal", healed.action());
        assertEquals("active", healed.outcome());
        assertEquals(HealthStatus.UP, healed.severity());
        assertTrue(new QuarantineStore(quarantineFile()).load().isEmpty());
    }

    @Test
    public void theBackoffDoublesUpToItsCapAndAHealStartsTheCountAgain() throws Exception {
        supervisor = new KernelSupervisor(context(), config(1_000, 10, 35, 5, 120_000), emptyScr(), incidents,
                time.clock(), time, quarantineFile());
        time.advance(Duration.ofSeconds(5)); // rounds every second: attempts after 10, 20, 35 (capped), 35 ms
        List<Incident> restarts = incidents.withAction("restart");
        assertEquals(List.of("restart (attempt 1, after 10 ms)", "restart (attempt 2, after 20 ms)",
                "restart (attempt 3, after 35 ms)", "restart (attempt 4, after 35 ms)", "restart (attempt 5, after 35 ms)"),
                restarts.stream().map(Incident::action).toList());
        assertEquals(start.plusMillis(4_035), restarts.get(4).time());

        assertEquals("the round at 5 s quarantines (5 restarts in the window)", start.plusSeconds(5),
                incidents.only("quarantine").time());
        activatorThrows.set(false);
        supervisor.heal("bundle:org.qenex.crashy"); // ...an operator heals it: a clean record
        assertEquals(0, partNamed("bundle:org.qenex.crashy").restarts());
        crashyState.set(Bundle.RESOLVED);
        activatorThrows.set(true);
        time.advance(Duration.ofMillis(1_010)); // the round at 6 s, then its restart
        assertEquals("restart (attempt 1, after 10 ms)", incidents.withAction("restart").get(5).action());
    }

    @Test
    public void nothingIsAFailureUntilKarafHasFinishedBooting() throws Exception {
        bootFinished.set(false);
        supervisor = supervise(context(), emptyScr());
        time.advance(Duration.ofMinutes(10)); // 6000 rounds, none of them judging anything
        assertEquals("no restart while the boot features are still being installed", 0, starts.get());
        assertTrue(incidents.withAction("restart").isEmpty());

        bootFinished.set(true);
        time.advance(Duration.ofMillis(300)); // rounds at +100 (restart at +110), +200 (+220), +300 (quarantine)
        incidents.only("quarantine");
        assertEquals(2, incidents.withAction("restart").size());
    }

    @Test
    public void aNonCriticalCheckThatIsDownLeavesTheNodeDegradedEvenQuarantined() throws Exception {
        crashyState.set(Bundle.ACTIVE);
        activatorThrows.set(false);
        BundleContext context = context();
        installed.add(bundle(10, "org.qenex.feeds", () -> Bundle.ACTIVE));
        supervisor = supervise(context, emptyScr());
        supervisor.addHealthCheck(() -> HealthResult.down("feed unreachable"), checkProperties(101, "feed", false));
        time.runDue();

        PartView feed = partNamed("health:feed");
        assertEquals(HealthStatus.DOWN, feed.health());
        assertFalse(feed.critical());
        assertEquals(HealthStatus.DEGRADED, feed.nodeImpact());
        assertEquals(HealthStatus.DEGRADED, supervisor.overallHealth());

        // restarted twice, then quarantined: still only DEGRADED. The check answers on a real thread, so the
        // rounds are polled (simulated time) until the quarantine, as awaitHealth does
        for (int i = 0; i < 500 && incidents.withAction("quarantine").isEmpty(); i++) {
            Thread.sleep(2);
            time.advance(Duration.ofMillis(100));
        }
        assertEquals(1, incidents.withAction("quarantine").size());
        assertTrue(partNamed("health:feed").quarantined());
        assertEquals(HealthStatus.DEGRADED, supervisor.overallHealth());
        assertFalse(new QuarantineStore(quarantineFile()).load().get("health:feed").critical());

        supervisor.addHealthCheck(() -> HealthResult.down("disk gone"), checkProperties(102, "disk", true));
        time.advance(Duration.ofMillis(100));
        assertTrue(partNamed("health:disk").critical());
        assertEquals("a critical check's DOWN is the node's", HealthStatus.DOWN, supervisor.overallHealth());
    }

    @Test
    public void aQuarantinedNonCriticalCheckWhoseComponentIsGoneAfterARestartStillOnlyDegrades() throws Exception {
        crashyState.set(Bundle.ACTIVE);
        new QuarantineStore(quarantineFile()).save(List.of(
                new QuarantineEntry("health:feed", "kept failing", start, "org.qenex.crashy", null, false)));
        supervisor = supervise(context(), emptyScr());
        time.advance(Duration.ofSeconds(1));
        assertTrue(partNamed("health:feed").quarantined());
        assertEquals(HealthStatus.DEGRADED, supervisor.overallHealth());
    }

    /**
     * A check that misses its timeout because the machine is busy is slow, not dead: DEGRADED, and no
     * restart (which would drop the part's work and add more) until it has gone the unanswered grace
     * (30 s here) without answering. An answer in between starts the count again. The check really
     * blocks on its own thread; its timeout is 50 ms of real time, the rounds run in simulated time.
     */
    @Test
    public void aCheckThatDoesNotAnswerIsDegradedAndRestartedOnlyAfterTheUnansweredGrace() throws Exception {
        crashyState.set(Bundle.ACTIVE);
        activatorThrows.set(false);
        installed.add(bundle(10, "org.qenex.network", () -> Bundle.ACTIVE));
        supervisor = supervise(context(), emptyScr(), slowCheckConfig());
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CountDownLatch> gate =
                new java.util.concurrent.atomic.AtomicReference<>(new java.util.concurrent.CountDownLatch(1));
        supervisor.addHealthCheck(() -> {
            try {
                gate.get().await(); // a check stuck behind a busy lock
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HealthResult.up("in sync");
        }, checkProperties(101, "network", true));
        time.runDue();

        PartView network = partNamed("health:network");
        assertEquals(HealthStatus.DEGRADED, network.health());
        assertTrue(network.message(), network.message().contains("no answer within 50 ms"));
        assertEquals(HealthStatus.DEGRADED, supervisor.overallHealth());
        Incident slow = incidents.only("none");
        assertEquals(HealthStatus.DEGRADED, slow.severity());
        assertTrue(slow.outcome(), slow.outcome().contains("30000 ms"));

        time.advance(Duration.ofSeconds(29)); // 290 rounds, the check still blocked
        assertTrue("no restart within the grace: " + incidents.reported(), incidents.withAction("restart").isEmpty());
        assertEquals(HealthStatus.DEGRADED, partNamed("health:network").health());

        gate.get().countDown(); // it answers again: the count starts over
        awaitHealth("health:network", HealthStatus.UP);
        assertEquals(HealthStatus.UP, incidents.about("health:network").get(incidents.about("health:network").size() - 1)
                .severity());
        gate.set(new java.util.concurrent.CountDownLatch(1));
        time.advance(Duration.ofSeconds(29)); // stuck again, 29 s: still within a fresh grace
        assertTrue(incidents.withAction("restart").isEmpty());
        assertEquals(0, starts.get());

        time.advance(Duration.ofSeconds(2)); // 31 s without an answer: hung, DOWN, restarted
        Incident restart = incidents.only("restart");
        assertEquals(HealthStatus.DOWN, restart.severity());
        assertTrue(restart.cause(), restart.cause().contains("unanswered for"));
        assertEquals(1, starts.get());
        gate.get().countDown();
    }

    /** A check's component description is a bundle revision's static metadata: SCR is asked for it once, not every round. */
    @Test
    public void aHealthChecksComponentDescriptionIsAskedForOncePerBundleRevision() throws Exception {
        crashyState.set(Bundle.ACTIVE);
        installed.add(bundle(10, "org.qenex.network", () -> Bundle.ACTIVE));
        ComponentDescriptionDTO engine = new ComponentDescriptionDTO();
        engine.name = "org.qenex.network.engine";
        AtomicInteger asked = new AtomicInteger();
        ServiceComponentRuntime scr = proxy(ServiceComponentRuntime.class, (p, m, a) -> switch (m.getName()) {
            case "getComponentDescriptionDTOs" -> List.of();
            case "getComponentDescriptionDTO" -> {
                asked.incrementAndGet();
                yield engine.name.equals(a[1]) ? engine : null;
            }
            default -> throw new UnsupportedOperationException(m.getName());
        });
        supervisor = supervise(context(), scr);
        Map<String, Object> properties = new java.util.HashMap<>(checkProperties(101, "network", true));
        properties.put("component.name", engine.name);
        supervisor.addHealthCheck(() -> HealthResult.up("in sync"), properties);
        Map<String, Object> unknown = new java.util.HashMap<>(checkProperties(102, "feed", true));
        unknown.put("component.name", "org.qenex.network.gone");
        supervisor.addHealthCheck(() -> HealthResult.up("fine"), unknown);
        time.runDue();
        assertEquals("one question per check in the first round", 2, asked.get());
        time.advance(Duration.ofSeconds(1)); // 10 more rounds
        assertEquals("the known description is reused; the unknown one asked again each round", 2 + 10, asked.get());
        assertEquals(HealthStatus.UP, partNamed("health:network").health());
    }

    @Test
    public void aCheckThatAnswersDownIsRestartedWithoutWaitingForTheUnansweredGrace() throws Exception {
        crashyState.set(Bundle.ACTIVE);
        activatorThrows.set(false);
        installed.add(bundle(10, "org.qenex.network", () -> Bundle.ACTIVE));
        // a check that answers at once: a real timeout long enough for a loaded machine's scheduler
        supervisor = supervise(context(), emptyScr(), checkConfig(5_000L));
        supervisor.addHealthCheck(() -> HealthResult.down("listener closed"), checkProperties(101, "network", true));
        time.runDue();
        time.advance(Duration.ofMillis(10));
        assertEquals(1, incidents.withAction("restart").size());
        assertEquals(1, starts.get());
    }

    /** Polls rounds (simulated time) until a part has {@code status}: a released check's thread ends on its own time. */
    private void awaitHealth(String part, HealthStatus status) throws InterruptedException {
        for (int i = 0; i < 500 && partNamed(part).health() != status; i++) {
            Thread.sleep(2);
            time.advance(Duration.ofMillis(100));
        }
        assertEquals(status, partNamed(part).health());
    }

    /** Health checks time out after 50 ms of real time and count as DOWN after 30 s of simulated time. */
    private static SupervisorConfiguration slowCheckConfig() {
        return checkConfig(50L);
    }

    /** Health checks time out after {@code timeoutMillis} of real time and count as DOWN after 30 s of simulated time. */
    private static SupervisorConfiguration checkConfig(long timeoutMillis) {
        SupervisorConfiguration base = config();
        return proxy(SupervisorConfiguration.class, (p, m, a) -> switch (m.getName()) {
            case "healthTimeout" -> timeoutMillis;
            case "unansweredGrace" -> 30_000L;
            default -> m.invoke(base, a);
        });
    }

    private PartView partNamed(String name) {
        return supervisor.parts().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no part " + name + " in " + supervisor.parts()));
    }

    private static Map<String, Object> checkProperties(long serviceId, String name, boolean critical) {
        return Map.of(org.osgi.framework.Constants.SERVICE_ID, serviceId,
                org.osgi.framework.Constants.SERVICE_BUNDLEID, 10L, HealthCheck.NAME, name,
                HealthCheck.CRITICAL, critical ? "true" : "false");
    }

    @Test
    public void healingAnUnknownPartIsRejected() throws Exception {
        crashyState.set(Bundle.ACTIVE);
        supervisor = supervise(context(), emptyScr());
        time.runDue();
        try {
            supervisor.heal("bundle:org.qenex.nope");
            fail("expected IllegalArgumentException");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("bundle:org.qenex.nope"));
        }
    }

    @Test
    public void aQuarantineSurvivesARestartOfTheSupervisor() throws Exception {
        new QuarantineStore(quarantineFile()).save(List.of(
                new QuarantineEntry("bundle:org.qenex.crashy", "kept failing", Instant.now(), "org.qenex.crashy", null, true)));
        supervisor = supervise(context(), emptyScr());
        time.advance(Duration.ofMinutes(10));
        assertEquals("a quarantined bundle is not restarted", 0, starts.get());
        assertEquals(HealthStatus.DOWN, supervisor.overallHealth());
        assertTrue(supervisor.parts().stream().anyMatch(p -> p.name().equals("bundle:org.qenex.crashy") && p.quarantined()));
    }

    @Test
    public void uninstallingAQuarantinedBundleForgetsItsPartsAndAReinstallStartsAfresh() throws Exception {
        supervisor = supervise(context(), emptyScr());
        time.advance(Duration.ofMillis(200));
        incidents.only("quarantine");
        assertEquals(HealthStatus.DOWN, supervisor.overallHealth());

        uninstall(7); // the listener hands it to the supervisor's thread, which here runs it at once
        assertEquals(1, incidents.withAction("forget").size());
        assertEquals(HealthStatus.UP, supervisor.overallHealth());
        assertTrue(supervisor.parts().stream().noneMatch(p -> p.name().equals("bundle:org.qenex.crashy")));
        assertTrue(new QuarantineStore(quarantineFile()).load().isEmpty());
        Incident forgotten = incidents.withAction("forget").get(0);
        assertEquals("bundle:org.qenex.crashy", forgotten.part());
        assertTrue(forgotten.cause(), forgotten.cause().contains("uninstalled"));

        // The same plugin installed again (a new bundle id) is a new part: its first restart is attempt 1.
        crashyState.set(Bundle.RESOLVED);
        installed.add(bundle(9, "org.qenex.crashy", crashyState::get));
        time.advance(Duration.ofMillis(110)); // the next round finds it failing; its restart follows 10 ms later
        assertEquals(3, incidents.withAction("restart").size());
        assertEquals("restart (attempt 1, after 10 ms)", incidents.withAction("restart").get(2).action());
    }

    @Test
    public void theNodeServesOnlyOnceItsOwnEndpointsAreRegistered() throws Exception {
        crashyState.set(Bundle.ACTIVE);
        bootFinished.set(false);
        AtomicInteger endpointState = new AtomicInteger(ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        BundleContext context = context();
        installed.add(bundle(10, "org.qenex.chain", () -> Bundle.ACTIVE));
        supervisor = supervise(context, scrWithEndpoint(10, "org.qenex.chain.http.query", endpointState));
        time.advance(Duration.ofMinutes(1)); // 600 rounds, none of them judging anything
        assertEquals(Optional.of("the framework is still starting"), supervisor.notServing());

        bootFinished.set(true);
        time.advance(Duration.ofMillis(100));
        assertTrue(supervisor.notServing().orElse("").startsWith("waiting"));
        assertTrue(supervisor.notServing().get(),
                supervisor.notServing().get().contains("component:org.qenex.chain.http.query"));
        assertEquals("a waiting endpoint is not a failure", HealthStatus.UP, supervisor.overallHealth());

        endpointState.set(ComponentConfigurationDTO.ACTIVE);
        time.advance(Duration.ofMillis(100));
        assertEquals(Optional.empty(), supervisor.notServing());

        endpointState.set(ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        time.advance(Duration.ofMinutes(1));
        assertEquals("once serving, a later wait is a matter of health", Optional.empty(), supervisor.notServing());
    }

    @Test
    public void whileNotServingItLooksAgainWithinTheStartIntervalThenOnlyEveryCheckInterval() throws Exception {
        crashyState.set(Bundle.ACTIVE);
        bootFinished.set(false);
        AtomicInteger endpointState = new AtomicInteger(ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        AtomicInteger looks = new AtomicInteger();
        installed.add(bundle(10, "org.qenex.chain", () -> Bundle.ACTIVE));
        ServiceComponentRuntime scr = scrWithEndpoint(10, "org.qenex.chain.http.query", endpointState);
        ServiceComponentRuntime counting = proxy(ServiceComponentRuntime.class, (p, m, a) -> {
            if (m.getName().equals("getComponentDescriptionDTOs")) {
                looks.incrementAndGet();
            }
            return m.invoke(scr, a);
        });
        supervisor = supervise(context(), counting, config(5_000, 250, 10, 1_000, 2, 120_000));
        time.advance(Duration.ofSeconds(3));
        assertEquals("nothing is looked at before Karaf's boot finished", 0, looks.get());

        bootFinished.set(true);
        time.advance(Duration.ofMillis(250));
        assertEquals("the boot's end is seen within one start interval, not a 5 s check interval", 1, looks.get());
        assertTrue(supervisor.notServing().orElse("").startsWith("waiting"));

        endpointState.set(ComponentConfigurationDTO.ACTIVE);
        time.advance(Duration.ofMillis(250));
        assertEquals(2, looks.get());
        assertEquals("the last endpoint is seen within one start interval", Optional.empty(), supervisor.notServing());
        assertEquals("the boot heap is returned when the node starts serving", 1, servedOnce.get());

        time.advance(Duration.ofMillis(4_999));
        assertEquals("serving: the next round waits the whole check interval", 2, looks.get());
        time.advance(Duration.ofMillis(1));
        assertEquals(3, looks.get());
        time.advance(Duration.ofSeconds(50));
        assertEquals("one round per check interval from then on", 13, looks.get());
        assertEquals("and only then", 1, servedOnce.get());
    }

    @Test
    public void whileScrsChangeCountStaysTheSameTheComponentsAreLookedAtOnlyEverySixthRound() throws Exception {
        crashyState.set(Bundle.ACTIVE);
        changeCount.set(7);
        AtomicInteger endpointState = new AtomicInteger(ComponentConfigurationDTO.ACTIVE);
        AtomicInteger looks = new AtomicInteger();
        installed.add(bundle(10, "org.qenex.chain", () -> Bundle.ACTIVE));
        ServiceComponentRuntime scr = scrWithEndpoint(10, "org.qenex.chain.http.query", endpointState);
        ServiceComponentRuntime counting = proxy(ServiceComponentRuntime.class, (p, m, a) -> {
            if (m.getName().equals("getComponentDescriptionDTOs")) {
                looks.incrementAndGet();
            }
            return m.invoke(scr, a);
        });
        supervisor = supervise(context(), counting, config(5_000, 250, 10, 1_000, 2, 120_000));
        time.runDue();
        assertEquals(1, looks.get());
        assertEquals(Optional.empty(), supervisor.notServing());

        time.advance(Duration.ofSeconds(25));
        assertEquals("five rounds with the same change count reuse the first look", 1, looks.get());
        time.advance(Duration.ofSeconds(5));
        assertEquals("the sixth looks again, whatever the count says", 2, looks.get());
        changeCount.set(8);
        time.advance(Duration.ofSeconds(5));
        assertEquals("a new change count: a new look", 3, looks.get());

        endpointState.set(ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        changeCount.set(9);
        time.advance(Duration.ofSeconds(5));
        assertEquals(4, looks.get());
        time.advance(Duration.ofSeconds(10));
        assertEquals("a waiting component is looked at every round, though the count stays", 6, looks.get());
        endpointState.set(ComponentConfigurationDTO.ACTIVE);
        time.advance(Duration.ofSeconds(5));
        assertEquals(7, looks.get());
        time.advance(Duration.ofSeconds(5));
        assertEquals("satisfied again: the look is reused", 7, looks.get());
    }

    /** An SCR with one servlet component in bundle {@code bundleId}, in the given configuration state. */
    private static ServiceComponentRuntime scrWithEndpoint(long bundleId, String name, AtomicInteger state) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = name;
        description.bundle = new BundleDTO();
        description.bundle.id = bundleId;
        description.serviceInterfaces = new String[] { "javax.servlet.Servlet" };
        description.references = new ReferenceDTO[0];
        return proxy(ServiceComponentRuntime.class, (p, m, a) -> switch (m.getName()) {
            case "getComponentDescriptionDTOs" -> ((Bundle[]) a[0]).length == 0 ? List.of() : List.of(description);
            case "isComponentEnabled" -> true;
            case "getComponentConfigurationDTOs" -> {
                ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
                configuration.state = state.get();
                yield List.of(configuration);
            }
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    private BundleContext context() {
        Bundle system = bundle(0, "org.apache.felix.framework", () -> Bundle.ACTIVE);
        Bundle kernel = bundle(5, "org.qenex.kernel", () -> Bundle.ACTIVE);
        Bundle crashy = bundle(7, "org.qenex.crashy", crashyState::get);
        Bundle foreign = bundle(8, "com.example.other", () -> Bundle.RESOLVED);
        installed.addAll(List.of(system, kernel, crashy, foreign));
        return proxy(BundleContext.class, (p, m, a) -> switch (m.getName()) {
            case "getBundle" -> a == null ? kernel : installed.stream().filter(b -> b.getBundleId() == (long) a[0])
                    .findFirst().orElse(null);
            case "getBundles" -> installed.toArray(new Bundle[0]);
            case "getServiceReference" -> a[0] == ServiceComponentRuntime.class
                    ? (changeCount.get() < 0 ? null : proxy(ServiceReference.class, (p2, m2, a2) ->
                            "getProperty".equals(m2.getName()) && "service.changecount".equals(a2[0]) ? changeCount.get() : null))
                    : PartObserver.BOOT_FINISHED.equals(a[0]) && bootFinished.get()
                            ? proxy(ServiceReference.class, (p2, m2, a2) -> null) : null;
            case "addBundleListener" -> {
                listeners.add((BundleListener) a[0]);
                yield null;
            }
            case "removeBundleListener" -> {
                listeners.remove(a[0]);
                yield null;
            }
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    /** What the framework does on {@code bundle:uninstall}: the bundle leaves the list, then listeners hear of it. */
    private void uninstall(long bundleId) {
        Bundle gone = installed.stream().filter(b -> b.getBundleId() == bundleId).findFirst().orElseThrow();
        installed.remove(gone);
        crashyState.set(Bundle.UNINSTALLED);
        for (BundleListener listener : listeners) {
            listener.bundleChanged(new BundleEvent(BundleEvent.UNINSTALLED, gone));
        }
    }

    private Bundle bundle(long id, String name, java.util.function.IntSupplier state) {
        BundleStartLevel startLevel = proxy(BundleStartLevel.class, (p, m, a) -> switch (m.getName()) {
            case "isPersistentlyStarted" -> true;
            case "getStartLevel" -> 80;
            default -> throw new UnsupportedOperationException(m.getName());
        });
        FrameworkStartLevel frameworkLevel = proxy(FrameworkStartLevel.class, (p, m, a) -> switch (m.getName()) {
            case "getStartLevel" -> 100;
            default -> throw new UnsupportedOperationException(m.getName());
        });
        return proxy(Bundle.class, (p, m, a) -> switch (m.getName()) {
            case "getBundleId" -> id;
            case "getLastModified" -> 0L;
            case "getSymbolicName" -> name;
            case "getState" -> state.getAsInt();
            case "getHeaders" -> new Hashtable<String, String>();
            case "adapt" -> a[0] == BundleStartLevel.class ? startLevel : frameworkLevel;
            case "start" -> {
                starts.incrementAndGet();
                if (activatorThrows.get()) {
                    throw new BundleException("activator boom");
                }
                crashyState.set(Bundle.ACTIVE);
                yield null;
            }
            case "stop" -> {
                crashyState.set(Bundle.RESOLVED);
                yield null;
            }
            case "hashCode" -> (int) id;
            case "equals" -> p == a[0];
            case "toString" -> name;
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    private static ServiceComponentRuntime emptyScr() {
        return proxy(ServiceComponentRuntime.class, (p, m, a) -> switch (m.getName()) {
            case "getComponentDescriptionDTOs" -> List.<ComponentDescriptionDTO>of();
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    private static SupervisorConfiguration config() {
        return config(100, 10, 1_000, 2, 120_000);
    }

    private static SupervisorConfiguration config(long checkInterval, long initialBackoff, long maxBackoff,
            int maxRestarts, long stableAfter) {
        return config(checkInterval, checkInterval, initialBackoff, maxBackoff, maxRestarts, stableAfter);
    }

    private static SupervisorConfiguration config(long checkInterval, long startingInterval, long initialBackoff,
            long maxBackoff, int maxRestarts, long stableAfter) {
        return proxy(SupervisorConfiguration.class, (p, m, a) -> switch (m.getName()) {
            case "checkInterval" -> checkInterval;
            case "startingInterval" -> startingInterval;
            case "initialBackoff" -> initialBackoff;
            case "maxBackoff" -> maxBackoff;
            case "maxRestarts" -> maxRestarts;
            case "window" -> 600_000L;
            case "stableAfter" -> stableAfter;
            case "healthTimeout" -> 1_000L;
            case "unsatisfiedGrace" -> 30_000L;
            case "unansweredGrace" -> 30_000L;
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(KernelSupervisorTest.class.getClassLoader(), new Class<?>[] { type }, handler);
    }
}
