package org.qenex.api.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.qenex.api.http.testing.FakeHttp;

import com.fasterxml.jackson.databind.JsonNode;

/** The REST kit: matching, declared roles, JSON in and out, one error shape, request ids, OpenAPI. */
public class ApiDispatcherTest {

    private static final String VIEWER = ApiContext.ROLE_VIEWER;

    /** A resource like a bundle's: some routes, a domain exception it maps itself. */
    public static final class Notes implements ApiResource {
        static final class Full extends Exception {
            private static final long serialVersionUID = 1L;
        }

        public record Note(String text, Long priority) {
        }

        @Route(method = "GET", path = "/v1/notes/{id}", role = ApiContext.ROLE_VIEWER, summary = "One note")
        public Map<String, Object> one(ApiRequest request) {
            if (request.pathParameter("id").equals("missing")) {
                throw ApiException.notFound("unknown_note", "no note missing");
            }
            return Map.of("id", request.pathParameter("id"), "by", request.user());
        }

        @Route(method = "GET", path = "/v1/notes/latest", role = ApiContext.ROLE_VIEWER)
        public Map<String, Object> latest() {
            return Map.of("latest", true);
        }

        @Route(method = "POST", path = "/v1/notes", role = ApiContext.ROLE_OPERATOR, maxBodyBytes = 64)
        public ApiResponse add(ApiRequest request) throws Full {
            Note note = request.body(Note.class);
            if (note.text().equals("full")) {
                throw new Full();
            }
            if (note.text().equals("bug")) {
                throw new IllegalStateException("secret internals");
            }
            return ApiResponse.status(201).header("Location", "/api/v1/notes/1").body(note);
        }

        @Route(method = "DELETE", path = "/v1/notes/{id}", role = Route.ANY_ROLE)
        public void delete(ApiRequest request) {
        }

        @Route(method = "GET", path = "/v1/ping", role = Route.PUBLIC)
        public Map<String, Object> ping() {
            return Map.of("pong", true);
        }

        @Override
        public ApiException error(Exception failure) {
            return failure instanceof Full ? new ApiException(503, "full", "no room").withHeader("Retry-After", "5") : null;
        }
    }

    private final ApiDispatcher api = new ApiDispatcher();
    private final Notes notes = new Notes();

    public ApiDispatcherTest() {
        assertEquals(List.of(), api.add(notes));
    }

    @Test
    public void routesMatchLiteralsBeforeParametersAndAnswerJson() {
        FakeHttp one = FakeHttp.get("/v1/notes/7").as("ann", VIEWER).sendTo(api);
        assertEquals(200, one.status());
        assertEquals("7", one.json().path("id").asText());
        assertEquals("ann", one.json().path("by").asText());
        assertTrue(one.header("Content-Type").startsWith("application/json"));
        assertEquals("no-store", one.header("Cache-Control"));
        assertTrue(FakeHttp.get("/v1/notes/latest").as("ann", VIEWER).sendTo(api).json().path("latest").asBoolean());
        assertEquals("a trailing slash is the same path", 200, FakeHttp.get("/v1/notes/7/").as("ann", VIEWER).sendTo(api).status());
        assertEquals(204, FakeHttp.of("DELETE", "/v1/notes/7").as("ann", VIEWER).sendTo(api).status());
    }

    @Test
    public void observersHearEachAnswerByRouteTemplateAndAFailingOneChangesNothing() {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        ApiObserver failing = (method, route, status, nanos) -> {
            throw new IllegalStateException("observer bug");
        };
        ApiObserver recording = (method, route, status, nanos) -> {
            assertTrue("a duration is measured", nanos > 0);
            heard.add(method + " " + route + " " + status);
        };
        api.addObserver(failing);
        api.addObserver(recording);
        assertEquals(200, FakeHttp.get("/v1/notes/7").as("ann", VIEWER).sendTo(api).status());
        FakeHttp.get("/v1/notes/missing").as("ann", VIEWER).sendTo(api);
        FakeHttp.get("/v1/notes/7").sendTo(api);
        FakeHttp.post("/v1/notes", "{\"text\": \"bug\"}").as("ann", ApiContext.ROLE_OPERATOR).sendTo(api);
        FakeHttp.get("/v1/no/such/path").as("ann", VIEWER).sendTo(api);
        FakeHttp.of("PUT", "/v1/notes/7").as("ann", VIEWER).sendTo(api);
        FakeHttp.of("BREW", "/v1/notes/7").as("ann", VIEWER).sendTo(api);
        assertEquals(List.of("GET /v1/notes/{id} 200", "GET /v1/notes/{id} 404", "GET /v1/notes/{id} 403",
                "POST /v1/notes 500", "GET none 404", "PUT none 405", "OTHER none 405"), heard);

        api.removeObserver(recording);
        FakeHttp.get("/v1/ping").sendTo(api);
        assertEquals("a removed observer hears nothing more", 7, heard.size());
    }

    @Test
    public void errorsHaveOneShapeWithTheRequestId() {
        FakeHttp missing = FakeHttp.get("/v1/notes/missing").as("ann", VIEWER).sendTo(api);
        assertError(missing, 404, "unknown_note");
        assertEquals("no note missing", missing.errorDetail());

        assertError(FakeHttp.get("/v1/nothing/here").as("ann", VIEWER).sendTo(api), 404, "not_found");
        FakeHttp wrongMethod = FakeHttp.of("PUT", "/v1/notes/7").as("ann", VIEWER).sendTo(api);
        assertError(wrongMethod, 405, "method_not_allowed");
        assertEquals("DELETE, GET, HEAD", wrongMethod.header("Allow"));
    }

    /** HEAD is GET without the body (RFC 9110), with GET's role check; load balancers probe with it. */
    @Test
    public void headIsAnsweredByTheGetRoute() {
        FakeHttp head = FakeHttp.of("HEAD", "/v1/notes/7").as("ann", VIEWER).sendTo(api);
        assertEquals(200, head.status());
        assertTrue(head.header("Content-Type"), head.header("Content-Type").startsWith("application/json"));
        assertError(FakeHttp.of("HEAD", "/v1/notes/7").as("nobody").sendTo(api), 403, "forbidden");
        assertEquals(200, FakeHttp.of("HEAD", "/v1/ping").sendTo(api).status());
        FakeHttp noGet = FakeHttp.of("HEAD", "/v1/notes").as("ann", VIEWER).sendTo(api);
        assertError(noGet, 405, "method_not_allowed");
        assertEquals("POST", noGet.header("Allow"));
    }

    @Test
    public void theDeclaredRoleIsCheckedBeforeTheRouteRuns() {
        assertError(FakeHttp.get("/v1/notes/7").as("nobody").sendTo(api), 403, "forbidden");
        assertError(FakeHttp.post("/v1/notes", "{\"text\":\"a\"}").as("ann", VIEWER).sendTo(api), 403, "forbidden");
        assertError(FakeHttp.of("DELETE", "/v1/notes/7").as("shell-only", "ssh").sendTo(api), 403, "forbidden");
        assertEquals(200, FakeHttp.get("/v1/ping").sendTo(api).status());
        assertTrue(api.isPublic("/v1/ping"));
        assertFalse(api.isPublic("/v1/notes/7"));
    }

    @Test
    public void bodiesAreBoundStrictlyAndBounded() {
        FakeHttp created = FakeHttp.post("/v1/notes", "{\"text\":\"a\",\"priority\":3}").as("op", ApiContext.ROLE_OPERATOR)
                .sendTo(api);
        assertEquals(201, created.status());
        assertEquals("/api/v1/notes/1", created.header("Location"));
        assertEquals(3, created.json().path("priority").asLong());

        FakeHttp wrapped = FakeHttp.post("/v1/notes", "{\"text\":\"a\",\"priority\":18446744073709551621}")
                .as("op", ApiContext.ROLE_OPERATOR).sendTo(api);
        assertError(wrapped, 400, "bad_request");
        assertEquals("field 'priority' must be a whole number from 0 to 9223372036854775807", wrapped.errorDetail());
        assertEquals("unknown field 'txt'", FakeHttp.post("/v1/notes", "{\"txt\":\"a\"}").as("op", ApiContext.ROLE_OPERATOR)
                .sendTo(api).errorDetail());
        for (String none : new String[] {"null", " null ", ""}) {
            FakeHttp nothing = FakeHttp.post("/v1/notes", none).as("op", ApiContext.ROLE_OPERATOR).sendTo(api);
            assertError(nothing, 400, "bad_request");
            assertEquals("'" + none + "'", "the body must be one JSON object", nothing.errorDetail());
        }
        assertError(FakeHttp.post("/v1/notes", "{\"text\":\"" + "x".repeat(64) + "\"}").as("op", ApiContext.ROLE_OPERATOR)
                .sendTo(api), 413, "body_too_large");
        FakeHttp cut = FakeHttp.post("/v1/notes", "{}").as("op", ApiContext.ROLE_OPERATOR)
                .failingRead(new IOException("org.eclipse.jetty.io.EofException: early EOF")).sendTo(api);
        assertError(cut, 400, "unreadable_body");
        assertFalse(cut.errorDetail().contains("jetty"));
        FakeHttp overGatewayLimit = FakeHttp.post("/v1/notes", "{}").as("op", ApiContext.ROLE_OPERATOR)
                .failingRead(new BodyTooLargeException("past the gateway's limit")).sendTo(api);
        assertError(overGatewayLimit, 413, "body_too_large");
    }

    @Test
    public void theResourceMapsItsExceptionsAndAnythingElseIsA500WithoutItsMessage() {
        FakeHttp full = FakeHttp.post("/v1/notes", "{\"text\":\"full\"}").as("op", ApiContext.ROLE_OPERATOR).sendTo(api);
        assertError(full, 503, "full");
        assertEquals("5", full.header("Retry-After"));
        FakeHttp bug = FakeHttp.post("/v1/notes", "{\"text\":\"bug\"}").as("op", ApiContext.ROLE_OPERATOR).sendTo(api);
        assertError(bug, 500, "internal_error");
        assertFalse(bug.text(), bug.text().contains("secret"));
        assertTrue(bug.errorDetail().contains(bug.json().path("requestId").asText()));
    }

    @Test
    public void aWellFormedClientRequestIdIsKeptAnyOtherReplaced() {
        FakeHttp given = FakeHttp.get("/v1/notes/missing").as("ann", VIEWER).header("X-Request-Id", "trace-1.a_B").sendTo(api);
        assertEquals("trace-1.a_B", given.header("X-Request-Id"));
        assertEquals("trace-1.a_B", given.json().path("requestId").asText());
        for (String bad : List.of("", "a b", "x".repeat(65), "<script>", "id\r\nSet-Cookie: x")) {
            FakeHttp replaced = FakeHttp.get("/v1/ping").header("X-Request-Id", bad).sendTo(api);
            assertNotEquals(bad, replaced.header("X-Request-Id"));
            assertTrue(replaced.header("X-Request-Id").matches("[0-9a-f]{16}"));
        }
        FakeHttp none = FakeHttp.get("/v1/ping").sendTo(api);
        assertTrue(none.header("X-Request-Id").matches("[0-9a-f]{16}"));
        FakeHttp assigned = FakeHttp.get("/v1/notes/missing").as("ann", VIEWER).header("X-Request-Id", "from-client");
        assigned.request().setAttribute(ApiContext.REQUEST_ID, "from-gateway");
        assertEquals("the gateway's id wins", "from-gateway", assigned.sendTo(api).json().path("requestId").asText());
    }

    @Test
    public void openApiListsExactlyTheRoutesServed() {
        JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(api.openApi("test", "1"));
        assertEquals("3.0.3", doc.path("openapi").asText());
        assertEquals(Set.of("GET /v1/notes/{id}", "DELETE /v1/notes/{id}", "GET /v1/notes/latest", "POST /v1/notes",
                "GET /v1/ping"), operations(doc));
        assertEquals("viewer", doc.at("/paths/~1v1~1notes~1{id}/get/x-qenex-role").asText());
        assertEquals("id", doc.at("/paths/~1v1~1notes~1{id}/get/parameters/0/name").asText());
        assertTrue("public: no security", doc.at("/paths/~1v1~1ping/get/security").isArray()
                && doc.at("/paths/~1v1~1ping/get/security").isEmpty());
        api.remove(notes);
        assertEquals(Set.of(), operations(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(api.openApi("t", "1"))));
        assertError(FakeHttp.get("/v1/ping").sendTo(api), 404, "not_found");
    }

    /** What a gateway in front of the dispatcher may let through: the answering route's own limit. */
    @Test
    public void theBodyLimitIsTheAnsweringRoutes() {
        assertEquals(64, api.maxBodyBytes("POST", "/v1/notes"));
        assertEquals(64, api.maxBodyBytes("POST", "/v1/notes/"));
        assertEquals(Route.DEFAULT_MAX_BODY_BYTES, api.maxBodyBytes("DELETE", "/v1/notes/7"));
        assertEquals("no POST on a note", -1, api.maxBodyBytes("POST", "/v1/notes/7"));
        assertEquals(-1, api.maxBodyBytes("PUT", "/v1/nothing"));
        api.remove(notes);
        assertEquals("gone with its resource", -1, api.maxBodyBytes("POST", "/v1/notes"));
    }

    /** isPublic keeps its answers, and forgets them when the routes change. */
    @Test
    public void whetherAPathIsPublicFollowsTheRoutesAsTheyChange() {
        assertFalse(api.isPublic("/v1/open/7"));
        assertFalse("asked twice, same answer", api.isPublic("/v1/open/7"));
        ApiResource open = new ApiResource() {
            @Route(method = "GET", path = "/v1/open/{id}", role = Route.PUBLIC)
            public Map<String, Object> open() {
                return Map.of();
            }
        };
        api.add(open);
        assertTrue("a route added makes it public", api.isPublic("/v1/open/7"));
        assertTrue(api.isPublic("/v1/open/7"));
        api.remove(open);
        assertFalse("its removal makes it private again", api.isPublic("/v1/open/7"));
        assertTrue(api.isPublic("/v1/ping"));
    }

    @Test
    public void aRouteAnotherResourceServesIsRefusedAndTheFirstKeepsIt() {
        ApiResource copy = new ApiResource() {
            @Route(method = "GET", path = "/v1/notes/{other}", role = Route.PUBLIC)
            public Map<String, Object> steal() {
                return Map.of("stolen", true);
            }
        };
        assertEquals(List.of("GET /v1/notes/{other}"), api.add(copy));
        assertError(FakeHttp.get("/v1/notes/7").sendTo(api), 403, "forbidden");
        api.remove(copy);
        assertEquals(200, FakeHttp.get("/v1/notes/7").as("ann", VIEWER).sendTo(api).status());
    }

    @Test(expected = IllegalArgumentException.class)
    public void aRouteOutsideV1IsAProgrammingError() {
        api.add(new ApiResource() {
            @Route(method = "GET", path = "/hello", role = VIEWER)
            public Object hello() {
                return null;
            }
        });
    }

    private static Set<String> operations(JsonNode doc) {
        Set<String> out = new java.util.HashSet<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> out.add(m.toUpperCase() + " " + p.getKey())));
        return out;
    }

    private static void assertError(FakeHttp http, int status, String code) {
        assertEquals(http.text(), status, http.status());
        assertEquals(http.text(), code, http.errorCode());
        assertTrue(http.text(), http.json().has("detail"));
        assertEquals(http.header("X-Request-Id"), http.json().path("requestId").asText());
        assertNull(http.attribute(ApiContext.ERROR_CODE));
    }
}
