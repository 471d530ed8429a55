package org.qenex.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.qenex.api.http.testing.FakeHttp;

public class NodeRootTest {

    private final NodeRoot root = new NodeRoot();

    @Test
    public void theRootLeadsToTheConsole() throws Exception {
        FakeHttp root = FakeHttp.get("/").sendTo(this.root);
        assertEquals(302, root.status());
        assertEquals("/console/", root.header("Location"));
        assertEquals(302, FakeHttp.of("HEAD", "/").sendTo(this.root).status());

        FakeHttp posted = FakeHttp.post("/", "{}").sendTo(this.root);
        assertEquals(405, posted.status());
        assertEquals("method_not_allowed", posted.errorCode());
        assertEquals("GET, HEAD", posted.header("Allow"));
    }

    @Test
    public void anyOtherPathIsAJsonNotFoundThatSaysWhereThingsAre() throws Exception {
        FakeHttp missing = FakeHttp.get("/nothing/here").sendTo(root);
        assertEquals(404, missing.status());
        assertEquals("application/json", missing.header("Content-Type"));
        assertEquals("not_found", missing.errorCode());
        assertEquals("nothing at /nothing/here; " + NodeRoot.WHERE, missing.errorDetail());
        assertEquals(404, FakeHttp.post("/nothing", "{}").sendTo(root).status());

        String shown = FakeHttp.get("/" + "x".repeat(5_000)).sendTo(root).errorDetail();
        assertTrue(shown, shown.startsWith("nothing at /" + "x".repeat(199) + "...;"));
    }
}
