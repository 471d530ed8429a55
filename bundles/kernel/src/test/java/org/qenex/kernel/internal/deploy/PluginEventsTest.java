package org.qenex.kernel.internal.deploy;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.service.event.Event;
import org.qenex.api.event.QenexTopics;
import org.qenex.api.event.testing.RecordingEventAdmin;
import org.qenex.api.plugin.QenexPlugin;

public class PluginEventsTest {

    private final List<BundleListener> listeners = new ArrayList<>();
    private final RecordingEventAdmin recorder = new RecordingEventAdmin("a bundle change must not wait for the event's handlers");

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> switch (m.getName()) {
                    case "addBundleListener" -> listeners.add((BundleListener) a[0]);
                    case "removeBundleListener" -> listeners.remove(a[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static Bundle bundle(String name, String version, String pluginHeader, String fragmentHost) {
        Hashtable<String, String> headers = new Hashtable<>();
        if (pluginHeader != null) {
            headers.put(QenexPlugin.MANIFEST_HEADER, pluginHeader);
        }
        if (fragmentHost != null) {
            headers.put(Constants.FRAGMENT_HOST, fragmentHost);
        }
        return (Bundle) Proxy.newProxyInstance(PluginEventsTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getSymbolicName" -> name;
                    case "getVersion" -> Version.parseVersion(version);
                    case "getHeaders" -> headers;
                    case "hashCode" -> name.hashCode();
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private void fire(int type, Bundle bundle) {
        for (BundleListener listener : List.copyOf(listeners)) {
            listener.bundleChanged(new BundleEvent(type, bundle));
        }
    }

    @Test
    public void aPluginsLifeIsPostedStepByStep() {
        PluginEvents events = new PluginEvents(context(), recorder);
        Bundle hello = bundle("com.example.hello", "1.2.0", "hello", null);
        for (int type : new int[] {BundleEvent.INSTALLED, BundleEvent.RESOLVED, BundleEvent.STARTING,
                BundleEvent.STARTED, BundleEvent.UPDATED, BundleEvent.STOPPED, BundleEvent.UNINSTALLED}) {
            fire(type, hello);
        }
        assertEquals(List.of("installed", "started", "updated", "stopped", "removed"),
                recorder.posted().stream().map(e -> e.getProperty(QenexTopics.STATE)).toList());
        Event first = recorder.posted().get(0);
        assertEquals(QenexTopics.PLUGIN, first.getTopic());
        assertEquals("com.example.hello", first.getProperty(QenexTopics.NAME));
        assertEquals("1.2.0", first.getProperty(QenexTopics.VERSION));

        events.deactivate();
        fire(BundleEvent.STARTED, hello);
        assertEquals("nothing after deactivation", 5, recorder.posted().size());
    }

    @Test
    public void qenexBundlesCountOtherBundlesAndFragmentsDoNot() {
        new PluginEvents(context(), recorder);
        fire(BundleEvent.STARTED, bundle("org.qenex.chain", "0.1.0", null, null));
        fire(BundleEvent.STARTED, bundle("com.fasterxml.jackson.core", "2.18.3", null, null));
        fire(BundleEvent.STARTED, bundle("org.qenex.some.fragment", "1.0.0", null, "org.qenex.kernel"));
        assertEquals(List.of("org.qenex.chain"), recorder.posted().stream().map(e -> e.getProperty(QenexTopics.NAME)).toList());
    }
}
