package org.qenex.security.internal.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.security.internal.token.TokenStore;

/** {@code /api/v1/tokens} through the REST kit: any role may use it, within its own roles. */
public class TokensResourceTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final ApiDispatcher api = new ApiDispatcher();

    @Before
    public void setUp() throws Exception {
        api.add(new TokensResource(new TokenStore(folder.getRoot().toPath().resolve("tokens.json"), Clock.systemUTC(),
                new SecureRandom())));
    }

    @Test
    public void aUserCreatesListsAndRevokesHisOwnTokens() {
        FakeHttp created = FakeHttp.post("/v1/tokens", "{\"name\":\"ci\",\"roles\":[\"viewer\"],\"expires\":\"1d\"}")
                .as("olga", ApiContext.ROLE_OPERATOR, ApiContext.ROLE_VIEWER).sendTo(api);
        assertEquals(created.text(), 201, created.status());
        String id = created.json().path("id").asText();
        assertTrue(created.json().path("token").asText().startsWith("qxt_"));
        assertEquals("/api/v1/tokens/" + id, created.header("Location"));

        FakeHttp listed = FakeHttp.get("/v1/tokens").as("olga", ApiContext.ROLE_VIEWER).sendTo(api);
        assertEquals(1, listed.json().size());
        assertEquals(0, FakeHttp.get("/v1/tokens").as("someone", ApiContext.ROLE_VIEWER).sendTo(api).json().size());

        assertEquals(404, FakeHttp.of("DELETE", "/v1/tokens/" + id).as("someone", ApiContext.ROLE_VIEWER).sendTo(api).status());
        assertEquals(204, FakeHttp.of("DELETE", "/v1/tokens/" + id).as("olga", ApiContext.ROLE_VIEWER).sendTo(api).status());
    }

    @Test
    public void refusalsKeepTheirCodes() {
        FakeHttp exceeded = FakeHttp.post("/v1/tokens", "{\"name\":\"x\",\"roles\":[\"admin\"]}").as("vic", ApiContext.ROLE_VIEWER).sendTo(api);
        assertEquals(403, exceeded.status());
        assertEquals("roles_exceeded", exceeded.errorCode());
        assertEquals("invalid_request", FakeHttp.post("/v1/tokens", "{\"name\":\"x\"}").as("vic", ApiContext.ROLE_VIEWER)
                .sendTo(api).errorCode());
        assertEquals("invalid_json", FakeHttp.post("/v1/tokens", "[1]").as("vic", ApiContext.ROLE_VIEWER).sendTo(api).errorCode());
        // a field of the wrong type or an unknown one is refused, not left out (a token of the default 30 days)
        for (String[] wrong : new String[][] {
                {"{\"name\":\"x\",\"roles\":[\"viewer\"],\"expires\":5}", "field 'expires' must be a string"},
                {"{\"name\":7,\"roles\":[\"viewer\"]}", "field 'name' must be a string"},
                {"{\"name\":\"x\",\"roles\":[\"viewer\",3]}", "field 'roles' must be an array of role names or one comma-separated string"},
                {"{\"name\":\"x\",\"roles\":{\"a\":1}}", "field 'roles' must be an array of role names or one comma-separated string"},
                {"{\"name\":\"x\",\"roles\":[\"viewer\"],\"isAdmin\":true}", "unknown field 'isAdmin'"}}) {
            FakeHttp refused = FakeHttp.post("/v1/tokens", wrong[0]).as("vic", ApiContext.ROLE_VIEWER).sendTo(api);
            assertEquals(wrong[0], 400, refused.status());
            assertEquals(wrong[0], wrong[1], refused.errorDetail());
        }
        assertEquals("nothing was created by a refused body", 0,
                FakeHttp.get("/v1/tokens").as("vic", ApiContext.ROLE_VIEWER).sendTo(api).json().size());
        FakeHttp large = FakeHttp.post("/v1/tokens", "{\"name\":\"" + "x".repeat(5000) + "\"}").as("vic", ApiContext.ROLE_VIEWER)
                .sendTo(api);
        assertEquals(413, large.status());
        FakeHttp noRole = FakeHttp.get("/v1/tokens").as("ssh-only", "ssh").sendTo(api);
        assertEquals(403, noRole.status());
        assertEquals("forbidden", noRole.errorCode());
    }
}
