package org.qenex.kernel.internal.status;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;
import org.qenex.api.plugin.QenexPlugin;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.JobState;
import org.qenex.kernel.internal.work.WorkPool;

/** A plugin is listed with what its own bundle registered, and nothing another bundle did. */
public class TrackedPluginDirectoryTest {

    public static final class GreetingResource implements ApiResource {
        @Route(method = "GET", path = "/v1/hello/greetings/{name}", role = ApiContext.ROLE_VIEWER)
        public Map<String, String> greeting(ApiRequest request) {
            return Map.of();
        }

        @Route(method = "POST", path = "/v1/hello/greetings", role = ApiContext.ROLE_OPERATOR)
        public void greet(ApiRequest request) {
        }
    }

    public static final class OtherResource implements ApiResource {
        @Route(method = "GET", path = "/v1/other", role = ApiContext.ROLE_VIEWER)
        public Map<String, String> other(ApiRequest request) {
            return Map.of();
        }
    }

    private final Map<ServiceReference<?>, Object> services = new java.util.HashMap<>();
    private final TrackedPluginDirectory directory = new TrackedPluginDirectory(context(), workPool());

    @Test
    public void aPluginIsListedWithTheRoutesChecksJobsAndStatusLinesOfItsBundle() {
        directory.addPlugin(plugin("hello"), properties(1, 97));
        directory.addResource(reference(2, 97, new GreetingResource()));
        directory.addResource(reference(3, 98, new OtherResource()));
        directory.addCheck(withName(properties(4, 97), "hello", "false"));
        directory.addCheck(withName(properties(5, 98), "other", null));
        directory.addContributor(properties(6, 97));

        PluginView hello = directory.plugins().get(0);
        assertEquals(List.of("GET /api/v1/hello/greetings/{name}", "POST /api/v1/hello/greetings"), hello.routes());
        assertEquals(List.of(new PluginView.CheckLink("health:hello", false)), hello.healthChecks());
        assertEquals(List.of(new PluginView.JobLink("hello-sync", "LOW", "SCHEDULED", 3)), hello.jobs());
        assertEquals(1, hello.statusContributors());
        assertEquals("hello", directory.nameOf(97));
        assertNull(directory.nameOf(98));
    }

    @Test
    public void whatLeavesIsNoLongerLinked() {
        directory.addPlugin(plugin("hello"), properties(1, 97));
        ServiceReference<ApiResource> resource = reference(2, 97, new GreetingResource());
        directory.addResource(resource);
        directory.plugins(); // its routes read once...
        directory.removeResource(resource); // ...and forgotten with it
        directory.addCheck(withName(properties(4, 97), "hello", null));
        directory.removeCheck(properties(4, 97));
        assertEquals(List.of(), directory.plugins().get(0).routes());
        assertEquals(List.of(), directory.plugins().get(0).healthChecks());
    }

    private static Map<String, Object> properties(long serviceId, long bundleId) {
        return Map.of(Constants.SERVICE_ID, serviceId, Constants.SERVICE_BUNDLEID, bundleId);
    }

    private static Map<String, Object> withName(Map<String, Object> properties, String name, String critical) {
        Map<String, Object> all = new java.util.HashMap<>(properties);
        all.put(HealthCheck.NAME, name);
        if (critical != null) {
            all.put(HealthCheck.CRITICAL, critical);
        }
        return all;
    }

    private static QenexPlugin plugin(String name) {
        return new QenexPlugin() {
            public String name() {
                return name;
            }

            public String version() {
                return "1.0.0";
            }

            public String description() {
                return "says hello";
            }
        };
    }

    /** A registry of the services the test registered: the directory reads a resource's routes through it. */
    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(TrackedPluginDirectoryTest.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (p, m, a) -> switch (m.getName()) {
                    case "getBundle" -> TimedStatusContributionsTest.bundle((long) a[0]);
                    case "getService" -> services.get(a[0]);
                    case "ungetService" -> true;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private ServiceReference<ApiResource> reference(long serviceId, long bundleId, ApiResource resource) {
        ServiceReference<ApiResource> reference = (ServiceReference<ApiResource>) Proxy.newProxyInstance(
                TrackedPluginDirectoryTest.class.getClassLoader(), new Class<?>[] { ServiceReference.class },
                (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> Constants.SERVICE_ID.equals(a[0]) ? (Object) serviceId : null;
                    case "getBundle" -> TimedStatusContributionsTest.bundle(bundleId);
                    case "hashCode" -> (int) serviceId;
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        services.put(reference, resource);
        return reference;
    }

    /** A pool whose only jobs are bundle 97's one job, under the owner name its WorkScheduler gives it. */
    private static WorkPool workPool() {
        JobHandle job = (JobHandle) Proxy.newProxyInstance(TrackedPluginDirectoryTest.class.getClassLoader(),
                new Class<?>[] { JobHandle.class }, (p, m, a) -> switch (m.getName()) {
                    case "name" -> "hello-sync";
                    case "priority" -> JobPriority.LOW;
                    case "state" -> JobState.SCHEDULED;
                    case "runs" -> 3L;
                    case "lastError" -> Optional.empty();
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (WorkPool) Proxy.newProxyInstance(TrackedPluginDirectoryTest.class.getClassLoader(),
                new Class<?>[] { WorkPool.class }, (p, m, a) -> switch (m.getName()) {
                    case "jobs" -> WorkPool.ownerOf("com.example.b97", 97).equals(a[0]) ? List.of(job) : List.of();
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
