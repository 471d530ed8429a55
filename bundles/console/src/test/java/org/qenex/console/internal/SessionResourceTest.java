package org.qenex.console.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;

public class SessionResourceTest {

    private final ApiDispatcher api = new ApiDispatcher();

    public SessionResourceTest() {
        assertEquals(List.of(), api.add(new SessionResource()));
    }

    @Test
    public void tellsTheCallerTheirNameAndTheNodesRolesTheyHold() {
        FakeHttp viewer = FakeHttp.get("/v1/session").as("vera", "viewer").sendTo(api);
        assertEquals(200, viewer.status());
        assertEquals("vera", viewer.json().path("user").asText());
        assertEquals("[\"viewer\"]", viewer.json().path("roles").toString());

        FakeHttp admin = FakeHttp.get("/v1/session").as("ada", "admin", "operator", "viewer", "ssh").sendTo(api);
        assertEquals("only the node's roles, strongest first", "[\"admin\",\"operator\",\"viewer\"]",
                admin.json().path("roles").toString());
    }

    @Test
    public void aUserWithNoneOfTheNodesRolesIsRefused() {
        // e.g. a shell-only account: the console has nothing to show it
        FakeHttp none = FakeHttp.get("/v1/session").as("sam", "ssh").sendTo(api);
        assertEquals(403, none.status());
        assertEquals("forbidden", none.errorCode());
    }
}
