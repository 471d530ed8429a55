package org.qenex.kernel.internal.supervisor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.IncidentLog;

/**
 * The supervisor's plumbing against hand-made fakes of the framework: a supervised bundle whose
 * activator keeps throwing is restarted with backoff, then quarantined, and healed.
 */
public class KernelSupervisorTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final AtomicInteger crashyState = new AtomicInteger(Bundle.RESOLVED);
    private final AtomicBoolean activatorThrows = new AtomicBoolean(true);
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicBoolean bootFinished = new AtomicBoolean(true);
    private final RecordingIncidentLog incidents = new RecordingIncidentLog();
    private final List<Bundle> installed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<BundleListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private KernelSupervisor supervisor;

    @After
    public void deactivate() throws InterruptedException {
        if (supervisor != null) {
            supervisor.deactivate();
        }
    }

    @Test
    public void aBundleThatKeepsFailingIsRestartedThenQuarantinedThenHealed() throws Exception {
        supervisor = new KernelSupervisor(context(), config(folder.getRoot().toPath()), emptyScr(), incidents);

        Incident quarantine = incidents.await("quarantine");
        List<Incident> restarts = incidents.withAction("restart");
        assertEquals(2, restarts.size());
        assertEquals("restart (attempt 1, after 10 ms)", restarts.get(0).action());
        assertEquals("restart (attempt 2, after 20 ms)", restarts.get(1).action());
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
        Map<String, QuarantineEntry> persisted = new QuarantineStore(
                folder.getRoot().toPath().resolve("qenex/kernel/quarantine.json")).load();
        assertEquals("org.qenex.crashy", persisted.get("bundle:org.qenex.crashy").bundle());

        // Quarantined: no further restarts however many rounds pass.
        Thread.sleep(300);
        assertEquals(2, starts.get());

        activatorThrows.set(false);
        Incident healed = supervisor.heal("bundle:org.qenex.crashy");
        assertEquals("heal", healed.action());
        assertEquals("active", healed.outcome());
        assertEquals(HealthStatus.UP, healed.severity());
        assertTrue(new QuarantineStore(folder.getRoot().toPath().resolve("qenex/kernel/quarantine.json")).load()
                .isEmpty());
    }

    @Test
    public void nothingIsAFailureUntilKarafHasFinishedBooting() throws Exception {
        bootFinished.set(false);
        supervisor = new KernelSupervisor(context(), config(folder.getRoot().toPath()), emptyScr(), incidents);
        Thread.sleep(400); // several rounds at 100 ms
        assertEquals("no restart while the boot features are still being installed", 0, starts.get());
        assertTrue(incidents.withAction("restart").isEmpty());

        bootFinished.set(true);
        incidents.await("quarantine");
        assertEquals(2, incidents.withAction("restart").size());
    }

    @Test
    public void healingAnUnknownPartIsRejected() throws Exception {
        crashyState.set(Bundle.ACTIVE);
        supervisor = new KernelSupervisor(context(), config(folder.getRoot().toPath()), emptyScr(), incidents);
        try {
            supervisor.heal("bundle:org.qenex.nope");
            fail("expected IllegalArgumentException");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("bundle:org.qenex.nope"));
        }
    }

    @Test
    public void aQuarantineSurvivesARestartOfTheSupervisor() throws Exception {
        new QuarantineStore(folder.getRoot().toPath().resolve("qenex/kernel/quarantine.json")).save(List.of(
                new QuarantineEntry("bundle:org.qenex.crashy", "kept failing", Instant.now(), "org.qenex.crashy", null)));
        supervisor = new KernelSupervisor(context(), config(folder.getRoot().toPath()), emptyScr(), incidents);
        Thread.sleep(400); // several rounds at 100 ms
        assertEquals("a quarantined bundle is not restarted", 0, starts.get());
        assertEquals(HealthStatus.DOWN, supervisor.overallHealth());
        assertTrue(supervisor.parts().stream().anyMatch(p -> p.name().equals("bundle:org.qenex.crashy") && p.quarantined()));
    }

    @Test
    public void uninstallingAQuarantinedBundleForgetsItsPartsAndAReinstallStartsAfresh() throws Exception {
        supervisor = new KernelSupervisor(context(), config(folder.getRoot().toPath()), emptyScr(), incidents);
        incidents.await("quarantine");
        assertEquals(HealthStatus.DOWN, supervisor.overallHealth());

        uninstall(7);
        awaitTrue("the quarantine is forgotten", () -> !incidents.withAction("forget").isEmpty());
        assertEquals(HealthStatus.UP, supervisor.overallHealth());
        assertTrue(supervisor.parts().stream().noneMatch(p -> p.name().equals("bundle:org.qenex.crashy")));
        assertTrue(new QuarantineStore(folder.getRoot().toPath().resolve("qenex/kernel/quarantine.json")).load()
                .isEmpty());
        Incident forgotten = incidents.withAction("forget").get(0);
        assertEquals("bundle:org.qenex.crashy", forgotten.part());
        assertTrue(forgotten.cause(), forgotten.cause().contains("uninstalled"));

        // The same plugin installed again (a new bundle id) is a new part: its first restart is attempt 1.
        crashyState.set(Bundle.RESOLVED);
        installed.add(bundle(9, "org.qenex.crashy", crashyState::get));
        awaitTrue("the reinstalled bundle is restarted", () -> incidents.withAction("restart").size() > 2);
        assertEquals("restart (attempt 1, after 10 ms)", incidents.withAction("restart").get(2).action());
    }

    @Test
    public void theNodeServesOnlyOnceItsOwnEndpointsAreRegistered() throws Exception {
        crashyState.set(Bundle.ACTIVE);
        bootFinished.set(false);
        AtomicInteger endpointState = new AtomicInteger(ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        BundleContext context = context();
        installed.add(bundle(10, "org.qenex.chain", () -> Bundle.ACTIVE));
        supervisor = new KernelSupervisor(context, config(folder.getRoot().toPath()),
                scrWithEndpoint(10, "org.qenex.chain.http.query", endpointState), incidents);
        Thread.sleep(300); // several rounds at 100 ms, none of them judging anything
        assertEquals(Optional.of("the framework is still starting"), supervisor.notServing());

        bootFinished.set(true);
        awaitTrue("a round has judged the endpoints", () -> supervisor.notServing().orElse("").startsWith("waiting"));
        assertTrue(supervisor.notServing().get(),
                supervisor.notServing().get().contains("component:org.qenex.chain.http.query"));
        assertEquals("a waiting endpoint is not a failure", HealthStatus.UP, supervisor.overallHealth());

        endpointState.set(ComponentConfigurationDTO.ACTIVE);
        awaitTrue("the node serves", () -> supervisor.notServing().isEmpty());

        endpointState.set(ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        Thread.sleep(300);
        assertEquals("once serving, a later wait is a matter of health", Optional.empty(), supervisor.notServing());
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
            case "getServiceReference" -> PartObserver.BOOT_FINISHED.equals(a[0]) && bootFinished.get()
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

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue("timed out waiting until " + what, System.nanoTime() < deadline);
            Thread.sleep(20);
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

    private static SupervisorConfiguration config(Path dataDir) {
        return proxy(SupervisorConfiguration.class, (p, m, a) -> switch (m.getName()) {
            case "checkInterval" -> 100L;
            case "initialBackoff" -> 10L;
            case "maxBackoff" -> 1_000L;
            case "maxRestarts" -> 2;
            case "window" -> 600_000L;
            case "stableAfter" -> 120_000L;
            case "healthTimeout" -> 1_000L;
            case "unsatisfiedGrace" -> 30_000L;
            case "fallbackDataDir" -> dataDir.toString();
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(KernelSupervisorTest.class.getClassLoader(), new Class<?>[] { type }, handler);
    }

    private static final class RecordingIncidentLog implements IncidentLog {
        private final List<Incident> recorded = Collections.synchronizedList(new ArrayList<>());
        private final CountDownLatch quarantined = new CountDownLatch(1);

        @Override
        public Incident report(String part, HealthStatus severity, String cause, String action, String outcome) {
            Incident incident = new Incident(recorded.size() + 1, Instant.now(), part, severity, cause, action, outcome);
            recorded.add(incident);
            if ("quarantine".equals(action)) {
                quarantined.countDown();
            }
            return incident;
        }

        Incident await(String action) throws InterruptedException {
            assertTrue("no " + action + " incident; got " + recorded, quarantined.await(10, TimeUnit.SECONDS));
            return withAction(action).get(0);
        }

        List<Incident> withAction(String prefix) {
            synchronized (recorded) {
                return recorded.stream().filter(i -> i.action().startsWith(prefix)).toList();
            }
        }

        @Override
        public List<Incident> recent(int limit) {
            return List.of();
        }

        @Override
        public List<Incident> recent(String part, int limit) {
            return List.of();
        }
    }
}
