package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/openapi.json} lists exactly the routes the node serves: those the
 * {@link ApiResource} services in the container declare, a hot-deployed plugin's while it runs;
 * and every answer carries a request id.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OpenApiIT extends QenexTestSupport {

    /** The router's own route: it describes the others, so it is not a service of its own. */
    private static final String OWN_ROUTE = "GET /v1/openapi.json";
    private static final String HELLO_ROUTE = "GET /v1/hello";

    @Configuration
    public Option[] config() {
        return baseConfiguration();
    }

    @Test
    public void theDescriptionListsExactlyTheRegisteredRoutesAPluginsIncludedWhileItRuns() throws Exception {
        String password = adminPassword();
        // the chain and the AI register their resources a little after the node answers
        await("every subsystem's routes", () -> declaredRoutes().containsAll(Set.of("GET /v1/status", "GET /v1/chain/head",
                "POST /v1/ai/candidates", "GET /v1/storage", "GET /v1/audit", "POST /v1/users", "GET /v1/health")));
        await("the description equals the declared routes", () -> describedRoutes(password).equals(expected()));
        JsonNode doc = json(get("/api/v1/openapi.json", ADMIN, password));
        assertEquals("3.0.3", doc.path("openapi").asText());
        assertEquals("/api", doc.path("servers").path(0).path("url").asText());
        assertEquals("public", doc.at("/paths/~1v1~1health/get/x-qenex-role").asText());
        assertTrue("a public route needs no credentials", doc.at("/paths/~1v1~1health/get/security").isEmpty());
        assertEquals("admin", doc.at("/paths/~1v1~1users~1{name}/delete/x-qenex-role").asText());
        assertEquals("name", doc.at("/paths/~1v1~1users~1{name}/delete/parameters/0/name").asText());
        assertJsonError(get("/api/v1/openapi.json", null, null), 401, "unauthorized");

        Path deploy = karafHome().resolve("deploy");
        Path plugin = Paths.get(System.getProperty("qenex.itest.helloPlugin"));
        Files.copy(plugin, deploy.resolve("hello-plugin.jar"));
        try {
            await("the plugin's route described", () -> describedRoutes(password).contains(HELLO_ROUTE));
            assertEquals(expected(), describedRoutes(password));
            HttpResponse<String> hello = get("/api/v1/hello", ADMIN, password);
            assertEquals(hello.body(), 200, hello.statusCode());
            assertTrue(hello.body(), json(hello).has("greetings"));
        } finally {
            Files.delete(deploy.resolve("hello-plugin.jar"));
        }
        await("the plugin's route gone", () -> !describedRoutes(password).contains(HELLO_ROUTE));
        assertEquals(expected(), describedRoutes(password));
        assertJsonError(get("/api/v1/hello", ADMIN, password), 404, "not_found");
    }

    @Test
    public void everyAnswerCarriesARequestIdTheClientsWhenWellFormed() throws Exception {
        String password = adminPassword();
        HttpResponse<String> given = withRequestId("/api/v1/status", "it-trace.1_A", password);
        assertEquals(200, given.statusCode());
        assertEquals("it-trace.1_A", given.headers().firstValue("X-Request-Id").orElse(""));

        HttpResponse<String> refused = withRequestId("/api/v1/no-such-thing", "bad id with spaces", password);
        String id = refused.headers().firstValue("X-Request-Id").orElse("");
        assertNotEquals("bad id with spaces", id);
        assertTrue(id, id.matches("[0-9a-f]{16}"));
        assertJsonError(refused, 404, "not_found");

        HttpResponse<String> anonymous = withRequestId("/api/v1/status", "anon-1", null);
        assertJsonError(anonymous, 401, "unauthorized");
        assertEquals("the gateway's own refusals carry it too", "anon-1", json(anonymous).path("requestId").asText());
    }

    /**
     * Every described operation enforces the role it declares, whoever wrote it: a caller without
     * credentials is refused 401 on every non-public route, a viewer 403 on every operator or admin
     * route and an operator 403 on every admin route, each with the error body and before the
     * handler reads anything (the probe sends an empty JSON object and a made-up path parameter).
     */
    @Test
    public void everyDescribedRouteRefusesCallersBelowItsRole() throws Exception {
        String password = adminPassword();
        await("every subsystem's routes", () -> declaredRoutes().containsAll(Set.of("GET /v1/status", "GET /v1/chain/head",
                "POST /v1/ai/candidates", "GET /v1/storage", "POST /v1/storage/restore", "POST /v1/ai/versions/{hash}/verify")));
        addUser("probe-viewer", "probe viewer's long password", "_g_:viewergroup");
        addUser("probe-operator", "probe operator's long password", "_g_:operatorgroup");
        JsonNode paths = json(get("/api/v1/openapi.json", ADMIN, password)).path("paths");
        Map<String, Integer> checked = new java.util.TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> entries = paths.fields(); entries.hasNext();) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String path = "/api" + entry.getKey().replaceAll("\\{[^/}]+}", "probe");
            for (Iterator<Map.Entry<String, JsonNode>> operations = entry.getValue().fields(); operations.hasNext();) {
                Map.Entry<String, JsonNode> operation = operations.next();
                String method = operation.getKey().toUpperCase();
                String role = operation.getValue().path("x-qenex-role").asText();
                assertTrue(method + " " + path + " declares no role", !role.isEmpty());
                if (Route.PUBLIC.equals(role)) {
                    continue;
                }
                assertJsonError(probe(method, path, null, null), 401, "unauthorized");
                if (role.equals("operator") || role.equals("admin")) {
                    assertJsonError(probe(method, path, "probe-viewer", "probe viewer's long password"), 403, "forbidden");
                }
                if (role.equals("admin")) {
                    assertJsonError(probe(method, path, "probe-operator", "probe operator's long password"), 403, "forbidden");
                }
                checked.merge(role, 1, Integer::sum);
            }
        }
        assertTrue("admin routes probed: " + checked, checked.getOrDefault("admin", 0) >= 5);
        assertTrue("operator routes probed: " + checked, checked.getOrDefault("operator", 0) >= 5);
    }

    private HttpResponse<String> probe(String method, String path, String user, String password) throws Exception {
        HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("DELETE")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}");
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .method(method, body), user, password);
    }

    private HttpResponse<String> withRequestId(String path, String requestId, String password) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("X-Request-Id", requestId).GET(),
                password == null ? null : ADMIN, password);
    }

    /** "METHOD path" of every operation in the served description. */
    private Set<String> describedRoutes(String password) {
        try {
            HttpResponse<String> response = get("/api/v1/openapi.json", ADMIN, password);
            assertEquals(response.body(), 200, response.statusCode());
            Set<String> routes = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = json(response).path("paths").fields(); paths.hasNext();) {
                Map.Entry<String, JsonNode> path = paths.next();
                path.getValue().fieldNames().forEachRemaining(method -> routes.add(method.toUpperCase() + " " + path.getKey()));
            }
            return routes;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the {@link ApiResource} services in the container declare, and the router's own route. */
    private Set<String> expected() {
        Set<String> routes = declaredRoutes();
        routes.add(OWN_ROUTE);
        return routes;
    }

    private Set<String> declaredRoutes() {
        Set<String> routes = new TreeSet<>();
        try {
            for (ServiceReference<ApiResource> reference : bundleContext.getServiceReferences(ApiResource.class, null)) {
                ApiResource resource = bundleContext.getService(reference);
                try {
                    for (Method method : resource.getClass().getMethods()) {
                        Route route = method.getAnnotation(Route.class);
                        if (route != null) {
                            routes.add(route.method() + " " + route.path());
                        }
                    }
                } finally {
                    bundleContext.ungetService(reference);
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return routes;
    }
}
