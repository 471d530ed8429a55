package org.qenex.kernel.internal.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Version;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.testing.RecordingIncidentLog;
import org.qenex.api.plugin.QenexPlugin;

/** A plugin deployed twice under two file names: the higher version runs, the other is stopped, and an incident says so. */
public class SingleVersionRuleTest {

    private final List<Bundle> installed = new CopyOnWriteArrayList<>();
    private final List<BundleListener> listeners = new CopyOnWriteArrayList<>();
    private final RecordingIncidentLog incidents = new RecordingIncidentLog();

    /** A fake bundle: started means ACTIVE and persistently started, as after fileinstall's start(). */
    private final class FakeBundle {
        final long id;
        final String name;
        final Version version;
        final boolean plugin;
        boolean active;

        FakeBundle(long id, String name, String version, boolean plugin, boolean active) {
            this.id = id;
            this.name = name;
            this.version = Version.parseVersion(version);
            this.plugin = plugin;
            this.active = active;
        }

        Bundle bundle() {
            BundleStartLevel startLevel = proxy(BundleStartLevel.class, (p, m, a) -> switch (m.getName()) {
                case "isPersistentlyStarted" -> active;
                default -> throw new UnsupportedOperationException(m.getName());
            });
            return proxy(Bundle.class, (p, m, a) -> switch (m.getName()) {
                case "getBundleId" -> id;
                case "getSymbolicName" -> name;
                case "getVersion" -> version;
                case "getLocation" -> "file:/deploy/" + name + "-" + version + ".jar";
                case "getState" -> active ? Bundle.ACTIVE : Bundle.RESOLVED;
                case "getHeaders" -> {
                    Hashtable<String, String> headers = new Hashtable<>();
                    if (plugin) {
                        headers.put(QenexPlugin.MANIFEST_HEADER, "hello");
                    }
                    yield headers;
                }
                case "adapt" -> startLevel;
                case "stop" -> {
                    active = false;
                    yield null;
                }
                case "hashCode" -> (int) id;
                case "equals" -> p == a[0];
                case "toString" -> name + " " + version;
                default -> throw new UnsupportedOperationException(m.getName());
            });
        }
    }

    @Test
    public void aNewerCopyUnderAnotherFileNameReplacesTheRunningOne() {
        FakeBundle old = new FakeBundle(40, "com.example.hello", "1.0.0", true, true);
        installed.add(old.bundle());
        new SingleVersionRule(context(), incidents);
        assertTrue("a single copy is left alone", old.active && incidents.reported().isEmpty());

        FakeBundle newer = new FakeBundle(41, "com.example.hello", "1.1.0", true, false);
        install(newer);
        newer.active = true;
        fire(BundleEvent.STARTED, newer.bundle());

        assertTrue("the newer copy runs", newer.active);
        assertTrue("the older copy is stopped", !old.active);
        assertEquals("one incident, not one per event", 1, incidents.reported().size());
        Incident incident = incidents.reported().get(0);
        assertEquals("bundle:com.example.hello", incident.part());
        assertEquals(HealthStatus.DEGRADED, incident.severity());
        assertTrue(incident.outcome(), incident.outcome().startsWith("kept 1.1.0 (bundle 41")
                && incident.outcome().contains("stopped 1.0.0 (bundle 40")
                && incident.outcome().contains("file:/deploy/com.example.hello-1.0.0.jar"));
    }

    @Test
    public void anOlderCopyDeployedLaterIsStoppedOnceItStarts() {
        FakeBundle current = new FakeBundle(40, "org.qenex.examples.hello", "2.0.0", true, true);
        installed.add(current.bundle());
        new SingleVersionRule(context(), incidents);

        FakeBundle stale = new FakeBundle(41, "org.qenex.examples.hello", "1.0.0", true, false);
        install(stale);
        stale.active = true; // fileinstall starts what it installed
        fire(BundleEvent.STARTED, stale.bundle());

        assertTrue(current.active);
        assertTrue(!stale.active);
        assertEquals(1, incidents.reported().size());
        assertTrue(incidents.reported().get(0).outcome(), incidents.reported().get(0).outcome().startsWith("kept 2.0.0 (bundle 40"));
    }

    @Test
    public void bundlesThatAreNotPartsOfTheNodeAreNotTouched() {
        FakeBundle one = new FakeBundle(40, "com.example.library", "1.0.0", false, true);
        FakeBundle two = new FakeBundle(41, "com.example.library", "2.0.0", false, true);
        installed.add(one.bundle());
        installed.add(two.bundle());
        new SingleVersionRule(context(), incidents);
        assertTrue("ordinary bundles may exist in several versions", one.active && two.active);
        assertTrue(incidents.reported().isEmpty());
    }

    @Test
    public void copiesFoundAtActivationAreSettledAndAStoppedCopyIsNotReportedAgain() {
        FakeBundle old = new FakeBundle(40, "org.qenex.examples.hello", "1.0.0", true, true);
        FakeBundle newer = new FakeBundle(41, "org.qenex.examples.hello", "1.1.0", true, true);
        installed.add(old.bundle());
        installed.add(newer.bundle());
        new SingleVersionRule(context(), incidents);
        assertTrue(newer.active && !old.active);

        // The node restarts: the older copy stays stopped and nothing new is reported.
        new SingleVersionRule(context(), incidents);
        assertEquals(1, incidents.reported().size());
    }

    private void install(FakeBundle fake) {
        Bundle bundle = fake.bundle();
        installed.add(bundle);
        fire(BundleEvent.INSTALLED, bundle);
    }

    private void fire(int type, Bundle bundle) {
        for (BundleListener listener : listeners) {
            listener.bundleChanged(new BundleEvent(type, bundle));
        }
    }

    private BundleContext context() {
        return proxy(BundleContext.class, (p, m, a) -> switch (m.getName()) {
            case "getBundles" -> installed.toArray(new Bundle[0]);
            case "addBundleListener" -> {
                listeners.add((BundleListener) a[0]);
                yield null;
            }
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(SingleVersionRuleTest.class.getClassLoader(), new Class<?>[] { type }, handler);
    }
}
