package org.qenex.examples.hello;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.api.work.JobState;
import org.qenex.api.work.testing.ManualWorkScheduler;

/** The example without a node: the API's test doubles run its job and serve its route. */
public class HelloPluginTest {

    private final ManualWorkScheduler scheduler = new ManualWorkScheduler();
    private final HelloPlugin plugin = new HelloPlugin(context("1.0.0"), scheduler, configuration(5000));

    @Test
    public void greetsOnEachRunOfItsJobAndSaysSoOverRest() {
        scheduler.runAll();
        scheduler.runAll();
        ApiDispatcher api = new ApiDispatcher();
        api.add(plugin);
        FakeHttp call = FakeHttp.get("/v1/hello").as("ann", ApiContext.ROLE_VIEWER).sendTo(api);
        assertEquals(200, call.status());
        assertEquals(2, call.json().get("greetings").asLong());
        assertEquals("1.0.0", call.json().get("version").asText());
        assertEquals(HealthStatus.UP, plugin.check().status());
        assertEquals("2 greetings", plugin.check().message());
        assertEquals("2", plugin.status().get("greetings"));
    }

    @Test
    public void stoppingCancelsTheJob() {
        plugin.stop();
        assertEquals(JobState.CANCELLED, scheduler.job("hello-greeter").state());
        assertEquals(0, scheduler.runAll());
    }

    private static BundleContext context(String version) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getVersion")) {
                        return Version.parseVersion(version);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getBundle") && args == null) {
                        return bundle;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static HelloConfiguration configuration(long intervalMillis) {
        return (HelloConfiguration) Proxy.newProxyInstance(HelloConfiguration.class.getClassLoader(),
                new Class<?>[] {HelloConfiguration.class}, (proxy, method, args) -> {
                    if (method.getName().equals("intervalMillis")) {
                        return intervalMillis;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
