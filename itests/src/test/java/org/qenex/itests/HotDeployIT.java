package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.IncidentLog;
import org.qenex.api.plugin.QenexPlugin;

import com.fasterxml.jackson.databind.JsonNode;

/** Plugins come and go at run time, and nothing else notices. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT extends QenexTestSupport {

    private static final String HELLO = "org.qenex.examples.hello";

    @Configuration
    public Option[] config() {
        return baseConfiguration();
    }

    @Test
    public void pluginIsDeployedAndUpdatedInPlaceWithoutRestartingAnythingElse() throws Exception {
        String password = adminPassword();
        Path deploy = karafHome().resolve("deploy");
        Path plugin = Paths.get(System.getProperty("qenex.itest.helloPlugin"));

        Files.copy(plugin, deploy.resolve("hello-plugin.jar"));
        await("the hello plugin active", () -> helloVersion() != null);
        Bundle hello = bundle(HELLO);
        assertEquals(Bundle.ACTIVE, hello.getState());
        assertEquals("1.0.0", helloVersion());
        await("hello in /api/v1/status", () -> statusMentionsHello(password, "1.0.0"));
        await("hello's health check in qenex:health", () -> shellAsAdminQuietly("qenex:health").contains("hello"));
        assertTrue(shellAsAdmin("qenex:plugins").contains("hello"));
        await("hello's links, fixed-rate job and status lines", () -> helloContributionsShow(password));

        Map<Long, Long> modifiedBefore = lastModifiedOfAllBundles();
        List<String> stopped = Collections.synchronizedList(new ArrayList<>());
        SynchronousBundleListener listener = event -> {
            if (event.getType() == BundleEvent.STOPPED) {
                stopped.add(event.getBundle().getSymbolicName());
            }
        };
        bundleContext.addBundleListener(listener);
        try {
            Path newer = Files.createTempFile("hello-plugin", ".jar");
            withBundleVersion(plugin, newer, "1.0.1");
            // fileinstall must see a whole file: write beside, then move over the old jar
            Files.move(newer, deploy.resolve("hello-plugin.jar"), StandardCopyOption.REPLACE_EXISTING);
            await("the hello plugin updated to 1.0.1", () -> "1.0.1".equals(helloVersion()));
        } finally {
            bundleContext.removeBundleListener(listener);
        }
        assertEquals("updated in place, same bundle id", hello.getBundleId(), bundle(HELLO).getBundleId());
        assertEquals("only the plugin stopped: " + stopped, List.of(HELLO), List.copyOf(stopped));
        Map<Long, Long> modifiedAfter = lastModifiedOfAllBundles();
        assertEquals("no bundle installed or removed", modifiedBefore.keySet(), modifiedAfter.keySet());
        for (Map.Entry<Long, Long> entry : modifiedBefore.entrySet()) {
            if (entry.getKey() != hello.getBundleId()) {
                assertEquals("bundle " + entry.getKey() + " untouched", entry.getValue(), modifiedAfter.get(entry.getKey()));
            }
        }
        await("1.0.1 in /api/v1/status", () -> statusMentionsHello(password, "1.0.1"));
    }

    @Test
    public void incidentHistorySurvivesAnUpdateOfTheKernelItself() throws Exception {
        IncidentLog incidents = service(IncidentLog.class);
        Incident reported = incidents.report("itest:kernel-update", HealthStatus.DEGRADED, "a marker before the update",
                "none", "recorded");

        Bundle kernel = bundle("org.qenex.kernel");
        List<String> stopped = Collections.synchronizedList(new ArrayList<>());
        SynchronousBundleListener listener = event -> {
            if (event.getType() == BundleEvent.STOPPED) {
                stopped.add(event.getBundle().getSymbolicName());
            }
        };
        bundleContext.addBundleListener(listener);
        try {
            // The kernel exports no package, so an update needs no refresh: nothing is wired to its old revision.
            kernel.update();
            await("the kernel active again with a new IncidentLog", () -> {
                ServiceReference<IncidentLog> ref = bundleContext.getServiceReference(IncidentLog.class);
                return kernel.getState() == Bundle.ACTIVE && ref != null
                        && bundleContext.getService(ref) != incidents;
            });
        } finally {
            bundleContext.removeBundleListener(listener);
        }
        assertEquals("only the kernel stopped: " + stopped, List.of("org.qenex.kernel"), List.copyOf(stopped));

        List<Incident> after = service(IncidentLog.class).recent("itest:kernel-update", 10);
        assertEquals(1, after.size());
        assertEquals(reported.sequence(), after.get(0).sequence());
        assertEquals(reported.cause(), after.get(0).cause());
        Incident next = service(IncidentLog.class).report("itest:kernel-update", HealthStatus.UP, "after", "none", "ok");
        assertTrue("sequence continues", next.sequence() > reported.sequence());
    }

    @Test
    public void aNewerCopyUnderAnotherFileNameReplacesTheOlderOne() throws Exception {
        Path deploy = karafHome().resolve("deploy");
        Path plugin = Paths.get(System.getProperty("qenex.itest.helloPlugin"));
        if (bundle(HELLO) == null) {
            Files.copy(plugin, deploy.resolve("hello-plugin.jar"));
        }
        await("the hello plugin active", () -> helloVersion() != null);
        Bundle older = bundle(HELLO);
        try {
            Path newer = Files.createTempFile("hello-plugin", ".jar");
            withBundleVersion(plugin, newer, "2.0.0");
            Files.move(newer, deploy.resolve("hello-plugin-2.jar"));
            await("2.0.0 replaces " + older.getVersion(), () -> older.getState() != Bundle.ACTIVE
                    && "2.0.0".equals(helloVersion()));
            assertEquals("the plugin is listed once", 1, bundleContext.getServiceReferences(QenexPlugin.class,
                    "(objectClass=" + QenexPlugin.class.getName() + ")").stream()
                    .filter(ref -> "hello".equals(bundleContext.getService(ref).name())).count());
            IncidentLog incidents = service(IncidentLog.class);
            // Reported once the older copy's stop() has returned, which the await above may beat.
            await("the replacement recorded", () -> !incidents.recent("bundle:" + HELLO, 1).isEmpty());
            Incident replaced = incidents.recent("bundle:" + HELLO, 1).get(0);
            assertEquals("replace older version", replaced.action());
            assertTrue(replaced.outcome(), replaced.outcome().startsWith("kept 2.0.0")
                    && replaced.outcome().contains("stopped " + older.getVersion()));
        } finally {
            Files.deleteIfExists(deploy.resolve("hello-plugin-2.jar"));
            Files.deleteIfExists(deploy.resolve("hello-plugin.jar"));
            await("no hello plugin left", () -> bundle(HELLO) == null);
        }
    }

    /**
     * A plugin jar larger than the gateway's default body limit (64 KiB) is uploaded whole through
     * {@code PUT /api/v1/plugins/files/{file}} (the console's upload form uses it too): the route
     * declares 32 MiB and the gateway lets a route's own larger limit through. Before, the gateway
     * refused every jar over 64 KiB.
     */
    @Test
    public void aPluginJarLargerThanTheDefaultBodyLimitIsUploadedOverRest() throws Exception {
        String password = adminPassword();
        Path deployed = karafHome().resolve("deploy/hello-large.jar");
        // the in-place update test leaves its copy deployed; the upload must be the one hello plugin
        Files.deleteIfExists(karafHome().resolve("deploy/hello-plugin.jar"));
        await("no hello plugin deployed before", () -> bundle(HELLO) == null);
        byte[] large = withPadding(Paths.get(System.getProperty("qenex.itest.helloPlugin")), 300 * 1024);
        try {
            HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/plugins/files/hello-large.jar"))
                    .header("Content-Type", "application/java-archive").PUT(HttpRequest.BodyPublishers.ofByteArray(large)),
                    ADMIN, password);
            assertEquals(put.body(), 201, put.statusCode());
            assertEquals(HELLO, json(put).path("symbolicName").asText());
            assertEquals(large.length, Files.size(deployed));
            await("the uploaded plugin active", () -> helloVersion() != null);
        } finally {
            Files.deleteIfExists(deployed);
            await("no hello plugin left", () -> bundle(HELLO) == null);
        }
    }

    /** The jar with an entry of {@code bytes} random (incompressible) bytes added. */
    private static byte[] withPadding(Path jar, int bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(jar); JarInputStream source = new JarInputStream(in);
                JarOutputStream copy = new JarOutputStream(out, source.getManifest())) {
            for (JarEntry entry = source.getNextJarEntry(); entry != null; entry = source.getNextJarEntry()) {
                copy.putNextEntry(new JarEntry(entry.getName()));
                source.transferTo(copy);
                copy.closeEntry();
            }
            byte[] padding = new byte[bytes];
            new Random(7).nextBytes(padding);
            copy.putNextEntry(new JarEntry("padding.bin"));
            copy.write(padding);
            copy.closeEntry();
        }
        assertTrue("over the default limit: " + out.size(), out.size() > bytes);
        return out.toByteArray();
    }

    private <T> T service(Class<T> type) {
        ServiceReference<T> ref = bundleContext.getServiceReference(type);
        assertNotNull(type.getSimpleName() + " registered", ref);
        return bundleContext.getService(ref);
    }

    private String helloVersion() {
        try {
            for (ServiceReference<QenexPlugin> ref : bundleContext.getServiceReferences(QenexPlugin.class, null)) {
                QenexPlugin plugin = bundleContext.getService(ref);
                if (plugin != null && "hello".equals(plugin.name())) {
                    return plugin.version();
                }
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the kernel derives from the plugin's registrations, and the lines the plugin adds to the status. */
    private boolean helloContributionsShow(String password) {
        try {
            JsonNode plugins = json(get("/api/v1/plugins", ADMIN, password));
            for (JsonNode p : plugins.isArray() ? plugins : plugins.path("plugins")) {
                if ("hello".equals(p.path("name").asText())) {
                    boolean route = p.path("routes").toString().contains("GET /api/v1/hello");
                    boolean check = p.path("healthChecks").toString().contains("\"critical\":false");
                    boolean job = p.path("jobs").toString().contains("hello-greeter");
                    JsonNode status = json(get("/api/v1/status", ADMIN, password));
                    boolean lines = status.path("contributed").toString().contains("greetings");
                    return route && check && job && lines;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private boolean statusMentionsHello(String password, String version) {
        try {
            JsonNode status = json(get("/api/v1/status", ADMIN, password));
            boolean plugin = false;
            for (JsonNode p : status.path("plugins")) {
                plugin |= "hello".equals(p.path("name").asText()) && version.equals(p.path("version").asText());
            }
            boolean health = status.path("components").toString().contains("hello");
            return plugin && health;
        } catch (Exception e) {
            return false;
        }
    }

    private String shellAsAdminQuietly(String command) {
        try {
            return shellAsAdmin(command);
        } catch (Exception e) {
            return "";
        }
    }

    private Map<Long, Long> lastModifiedOfAllBundles() {
        Map<Long, Long> modified = new HashMap<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            modified.put(bundle.getBundleId(), bundle.getLastModified());
        }
        return modified;
    }

    /** A copy of {@code jar} that says it is {@code version}: what a plugin's next release looks like to the node. */
    private static void withBundleVersion(Path jar, Path target, String version) throws Exception {
        try (InputStream in = Files.newInputStream(jar); JarInputStream source = new JarInputStream(in)) {
            Manifest manifest = source.getManifest();
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (OutputStream out = Files.newOutputStream(target); JarOutputStream copy = new JarOutputStream(out, manifest)) {
                for (JarEntry entry = source.getNextJarEntry(); entry != null; entry = source.getNextJarEntry()) {
                    copy.putNextEntry(new JarEntry(entry.getName()));
                    source.transferTo(copy);
                    copy.closeEntry();
                }
            }
        }
    }
}
