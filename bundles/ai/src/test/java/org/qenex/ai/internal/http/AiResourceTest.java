package org.qenex.ai.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;


import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.TestWorkers;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.node.FixedCatalog;
import org.qenex.ai.internal.node.TaskCatalog;
import org.qenex.ai.internal.node.TestModels;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.api.storage.testing.MemoryStore;

/** Bad input to {@code /api/v1/ai}, through the REST kit: a 4xx with a code and words of our own, never a 500. */
public class AiResourceTest {

    private static final String[] OPERATOR = {ApiContext.ROLE_VIEWER, ApiContext.ROLE_OPERATOR};

    private final WorkerProcess worker = TestWorkers.start();
    private final ApiDispatcher api = new ApiDispatcher();

    @Before
    public void setUp() throws Exception {
        TaskInstances mathematics = BuiltInTaskFixtures.named("mathematics.product-relation");
        TaskCatalog catalog = FixedCatalog.of(mathematics);
        api.add(new AiResource(TestModels.node(TestModels.model(new MemoryStore(), catalog, worker)), catalog, null)); // no test here asks for the improver's state
    }

    @After
    public void tearDown() {
        worker.close();
    }

    @Test
    public void anIdNoCandidateCanHaveIsA404NotAStoreFailure() throws Exception {
        FakeHttp call = FakeHttp.get("/v1/ai/candidates/c" + "1".repeat(2_000)).as("op", OPERATOR).sendTo(api);
        assertEquals(404, call.status());
        assertEquals("unknown_candidate", call.errorCode());
    }

    @Test
    public void brokenJsonIsA400InOurOwnWords() throws Exception {
        FakeHttp call = FakeHttp.post("/v1/ai/candidates", "{\"contributor\": qx1, \"pipelines\": {}}").as("op", OPERATOR)
                .sendTo(api);
        assertEquals(400, call.status());
        assertEquals("malformed_specification", call.errorCode());
        assertTrue(call.errorDetail(), call.errorDetail().startsWith("not JSON (line 1, column "));
        assertFalse(call.errorDetail(), call.errorDetail().contains("Unrecognized token") || call.errorDetail().contains("com.fasterxml"));
        FakeHttp unsigned = FakeHttp.post("/v1/ai/candidates", "{\"pipelines\": {}}").as("op", OPERATOR).sendTo(api);
        assertEquals(400, unsigned.status());
        assertEquals("a viewer may read but not submit", 403,
                FakeHttp.post("/v1/ai/candidates", "{}").as("v", ApiContext.ROLE_VIEWER).sendTo(api).status());
    }

    @Test
    public void aBodyThatCannotBeReadIsA400AndATooLargeOneA413() throws Exception {
        FakeHttp cut = FakeHttp.of("POST", "/v1/ai/candidates").body("application/json", new byte[10])
                .failingRead(new IOException("org.eclipse.jetty.io.EofException: early EOF")).as("op", OPERATOR).sendTo(api);
        assertEquals(400, cut.status());
        assertEquals("unreadable_body", cut.errorCode());
        assertFalse(cut.errorDetail(), cut.errorDetail().contains("jetty"));

        FakeHttp large = FakeHttp.of("POST", "/v1/ai/candidates").body("application/json", new byte[64 * 1024 + 1])
                .as("op", OPERATOR).sendTo(api);
        assertEquals(413, large.status());
        assertEquals("body_too_large", large.errorCode());
    }
}
