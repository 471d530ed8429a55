package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.qenex.api.event.QenexTopics;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.IncidentLog;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The kernel restarts what fails, backs off, quarantines what keeps failing, says so, and lets an
 * operator bring it back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SelfHealingIT extends QenexTestSupport {

    private static final String FAILING_COMPONENT = "org.qenex.itests.flaky.component";
    private static final String HEALTH_COMPONENT = "org.qenex.itests.flaky.health";
    private static final Pattern RESTART = Pattern.compile("restart \\(attempt (\\d+), after (\\d+) ms\\)");

    @Inject
    private IncidentLog incidents;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private ServiceComponentRuntime scr;

    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private ServiceRegistration<EventHandler> eventHandler;

    @Configuration
    public Option[] config() {
        String pid = "etc/org.qenex.kernel.supervisor.cfg";
        return baseConfiguration(
                editConfigurationFilePut(pid, "checkInterval", "1000"),
                editConfigurationFilePut(pid, "initialBackoff", "500"),
                editConfigurationFilePut(pid, "maxBackoff", "4000"),
                editConfigurationFilePut(pid, "maxRestarts", "3"));
    }

    @Before
    public void listenToIncidents() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, QenexTopics.INCIDENT);
        eventHandler = bundleContext.registerService(EventHandler.class, events::add, properties);
    }

    @After
    public void stopListening() {
        eventHandler.unregister();
    }

    @Test
    public void componentThatFailsToActivateIsRestartedWithBackoffThenQuarantinedThenHealed() throws Exception {
        String part = "component:" + FAILING_COMPONENT;
        configureFlaky(true);
        flakyBundle();

        await("the failing component quarantined", Duration.ofSeconds(90), () -> quarantined(part));
        assertRestartsBackedOff(part);
        assertFalse("a quarantined component stays disabled", scr.isComponentEnabled(description(FAILING_COMPONENT)));
        await("incident events published", () -> eventsFor(part) >= 4);

        String password = adminPassword();
        JsonNode status = json(get("/api/v1/status", ADMIN, password));
        assertEquals("DOWN", status.path("health").asText());
        JsonNode component = componentView(status, part);
        assertTrue(component.toString(), component.path("quarantined").asBoolean());
        assertEquals(503, get("/api/v1/health", null, null).statusCode());
        assertTrue(shellAsAdmin("qenex:incidents --part " + part).contains("quarantine"));

        int before = incidents.recent(part, 100).size();
        Thread.sleep(3000);
        assertEquals("no restart while quarantined", before, incidents.recent(part, 100).size());

        configureFlaky(false);
        String healed = shellAsAdmin("qenex:heal " + part);
        assertTrue(healed, healed.toLowerCase().contains("active"));
        await("the component active again", () -> componentState(FAILING_COMPONENT) == ComponentConfigurationDTO.ACTIVE);
        assertEquals("heal", incidents.recent(part, 1).get(0).action().split(" ")[0]);
        await("the node UP again", () -> {
            try {
                return get("/api/v1/health", null, null).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    public void componentWhoseHealthCheckGoesDownIsRestartedThenQuarantinedThenHealed() throws Exception {
        String part = "health:flaky-health";
        flakyBundle();
        await("the flaky health check known and UP", () -> shellAsAdminQuietly("qenex:health").contains("flaky-health"));
        Path marker = karafData().resolve("flaky-health-down");
        Files.createFile(marker);

        await("the failing health check quarantined", Duration.ofSeconds(90), () -> quarantined(part));
        assertRestartsBackedOff(part);
        assertFalse(scr.isComponentEnabled(description(HEALTH_COMPONENT)));

        Files.delete(marker);
        String healed = shellAsAdmin("qenex:heal " + part);
        assertFalse(healed, healed.toLowerCase().contains("unknown"));
        await("the health check UP again", () -> componentState(HEALTH_COMPONENT) == ComponentConfigurationDTO.ACTIVE
                || componentState(HEALTH_COMPONENT) == ComponentConfigurationDTO.SATISFIED);
        await("qenex:health shows it UP", () -> {
            String health = shellAsAdminQuietly("qenex:health");
            return health.lines().anyMatch(line -> line.contains("flaky-health") && line.contains("UP"));
        });
    }

    @Test
    public void removingAQuarantinedPluginTakesItsQuarantineAndRestartHistoryWithIt() throws Exception {
        String part = "health:flaky-health";
        Bundle flaky = flakyBundle();
        await("the flaky health check known", () -> shellAsAdminQuietly("qenex:health").contains("flaky-health"));
        Path marker = karafData().resolve("flaky-health-down");
        Files.createFile(marker);
        try {
            await("the failing health check quarantined", Duration.ofSeconds(90), () -> quarantined(part));
            assertEquals(503, get("/api/v1/health", null, null).statusCode());

            flaky.uninstall();
            await("the node UP once the plugin is gone", () -> healthStatusCode() == 200);
            assertFalse(shellAsAdmin("qenex:health").contains("flaky-health"));
            // The check's service leaves with the bundle at once; the supervisor's round that forgets its part follows.
            await("the part forgotten", () -> "forget".equals(incidents.recent(part, 1).get(0).action()));

            // Installed again and still failing: a new part, whose first restart is attempt 1.
            flakyBundle();
            await("the reinstalled plugin restarted", Duration.ofSeconds(60),
                    () -> incidents.recent(part, 1).get(0).action().startsWith("restart"));
            assertTrue(incidents.recent(part, 1).toString(),
                    incidents.recent(part, 1).get(0).action().startsWith("restart (attempt 1,"));
        } finally {
            Files.deleteIfExists(marker);
            Bundle left = bundle("org.qenex.itests.flaky");
            if (left != null) {
                left.uninstall(); // the other tests install it afresh
            }
        }
    }

    @Test
    public void aPluginsContributionsShowAndItsNonCriticalCheckLeavesTheNodeServing() throws Exception {
        String part = "health:flaky-optional";
        configureFlaky(false);
        flakyBundle();
        Path marker = karafData().resolve("flaky-optional-down");
        String password = adminPassword();
        try {
            // Links derived from the bundle's registrations; its fixed-rate job counts in its status lines.
            await("the plugin listed with its check, job and status lines", () -> {
                JsonNode flaky = pluginNamed(getJsonQuietly("/api/v1/plugins", password), "flaky");
                return flaky != null && flaky.path("healthChecks").toString().contains("{\"part\":\"" + part
                        + "\",\"critical\":false}") && flaky.path("jobs").toString().contains("flaky-tick")
                        && flaky.path("statusContributors").asInt() == 1;
            });
            await("the fixed-rate job has run and its count shows in the status", () -> {
                for (JsonNode contributed : getJsonQuietly("/api/v1/status", password).path("contributed")) {
                    if ("flaky".equals(contributed.path("name").asText())
                            && contributed.path("lines").path("ticks").asLong() >= 3) {
                        return true;
                    }
                }
                return false;
            });
            assertTrue(shellAsAdmin("qenex:status").contains("flaky (bundle "));

            Files.createFile(marker);
            java.util.concurrent.atomic.AtomicReference<JsonNode> seen = new java.util.concurrent.atomic.AtomicReference<>();
            await("the non-critical check DOWN", () -> {
                JsonNode status = getJsonQuietly("/api/v1/status", password);
                for (JsonNode component : status.path("components")) {
                    if (part.equals(component.path("name").asText()) && "DOWN".equals(component.path("health").asText())) {
                        seen.set(status);
                        return true;
                    }
                }
                return false;
            });
            JsonNode status = seen.get();
            assertFalse(componentView(status, part).path("critical").asBoolean(true));
            assertFalse("a non-critical DOWN does not make the node DOWN: " + status.path("health"),
                    "DOWN".equals(status.path("health").asText()));
            assertEquals(200, get("/api/v1/health", null, null).statusCode());
            Pattern nonCritical = Pattern.compile("flaky-optional\\s*\\|\\s*DOWN\\s*\\|\\s*no\\s*\\|");
            String health = shellAsAdmin("qenex:health");
            assertTrue(health, nonCritical.matcher(health).find());
        } finally {
            Files.deleteIfExists(marker);
            Bundle left = bundle("org.qenex.itests.flaky");
            if (left != null) {
                left.uninstall(); // the other tests install it afresh
            }
        }
    }

    /** A missing node on failure, so that a waiting condition simply looks again. */
    private JsonNode getJsonQuietly(String path, String password) {
        try {
            return json(get(path, ADMIN, password));
        } catch (Exception e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    private static JsonNode pluginNamed(JsonNode plugins, String name) {
        for (JsonNode plugin : plugins) {
            if (name.equals(plugin.path("name").asText())) {
                return plugin;
            }
        }
        return null;
    }

    private int healthStatusCode() {
        try {
            return get("/api/v1/health", null, null).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private void assertRestartsBackedOff(String part) {
        List<Incident> history = new ArrayList<>(incidents.recent(part, 100));
        Collections.reverse(history);
        List<Long> delays = new ArrayList<>();
        for (Incident incident : history) {
            Matcher restart = RESTART.matcher(incident.action());
            if (restart.find()) {
                assertEquals("attempts count up: " + history, delays.size() + 1, Integer.parseInt(restart.group(1)));
                delays.add(Long.parseLong(restart.group(2)));
            }
        }
        assertEquals("three restarts before quarantine: " + history, 3, delays.size());
        assertEquals(List.of(500L, 1000L, 2000L), delays);
        Incident last = history.get(history.size() - 1);
        assertEquals(HealthStatus.DOWN, last.severity());
        assertTrue(last.toString(), last.action().startsWith("quarantine"));
    }

    private boolean quarantined(String part) {
        List<Incident> recent = incidents.recent(part, 1);
        return !recent.isEmpty() && recent.get(0).action().startsWith("quarantine");
    }

    private long eventsFor(String part) {
        synchronized (events) {
            return events.stream().filter(e -> part.equals(e.getProperty(QenexTopics.PART))).count();
        }
    }

    private static JsonNode componentView(JsonNode status, String part) {
        for (JsonNode component : status.path("components")) {
            if (part.equals(component.path("name").asText())) {
                return component;
            }
        }
        throw new AssertionError(part + " not in status: " + status);
    }

    private void configureFlaky(boolean failActivate) throws Exception {
        org.osgi.service.cm.Configuration configuration = configurationAdmin.getConfiguration("org.qenex.itests.flaky", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("failActivate", failActivate);
        configuration.update(properties);
    }

    private Bundle flakyBundle() throws Exception {
        Bundle flaky = bundle("org.qenex.itests.flaky");
        if (flaky == null) {
            flaky = bundleContext.installBundle("file:" + System.getProperty("qenex.itest.flakyPlugin"));
            flaky.start();
        }
        return flaky;
    }

    private ComponentDescriptionDTO description(String name) {
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (name.equals(description.name)) {
                return description;
            }
        }
        throw new AssertionError("no component " + name);
    }

    private int componentState(String name) {
        var configurations = scr.getComponentConfigurationDTOs(description(name));
        return configurations.isEmpty() ? -1 : configurations.iterator().next().state;
    }

    private String shellAsAdminQuietly(String command) {
        try {
            return shellAsAdmin(command);
        } catch (Exception e) {
            return "";
        }
    }
}
