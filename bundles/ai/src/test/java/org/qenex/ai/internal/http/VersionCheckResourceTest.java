package org.qenex.ai.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.TestContributor;
import org.qenex.ai.internal.TestWorkers;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.CandidateState;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.node.CumulativeModel;
import org.qenex.ai.internal.node.FixedCatalog;
import org.qenex.ai.internal.node.TaskCatalog;
import org.qenex.ai.internal.node.TestModels;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.VersionChain;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.testing.MemoryStore;

/** {@code POST /api/v1/ai/versions/{hash}/verify}: one version re-checked from the store, a tampered one named. */
public class VersionCheckResourceTest {

    private static final String[] OPERATOR = {ApiContext.ROLE_VIEWER, ApiContext.ROLE_OPERATOR};
    private static final TestContributor ALICE = TestContributor.create();
    private static WorkerProcess worker;
    private static MemoryStore store;
    private static final ApiDispatcher api = new ApiDispatcher();
    private static ModelVersion version;

    @BeforeClass
    public static void acceptOneVersion() {
        worker = TestWorkers.start();
        TaskCatalog catalog = FixedCatalog.of(BuiltInTaskFixtures.named("mathematics.product-relation"));
        store = new MemoryStore();
        CumulativeModel model = TestModels.model(store, catalog, worker);
        model.intake().submit(Submitter.user("alice"), ALICE.sign(model.versions().latestHash(),
                "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"J48\"}}}"));
        CandidateRecord judged = model.judging().judgeNext().orElseThrow();
        assertEquals(judged.reason(), CandidateState.ACCEPTED, judged.state());
        version = model.versions().all().get(0);
        api.add(new VersionCheckResource(TestModels.node(model)));
    }

    @AfterClass
    public static void stopWorker() {
        worker.close();
    }

    @Test
    public void anIntactVersionChecksOutByHashAndBySequence() {
        FakeHttp call = FakeHttp.post("/v1/ai/versions/" + version.hash() + "/verify", "").as("op", OPERATOR).sendTo(api);
        assertEquals(call.text(), 200, call.status());
        assertEquals(true, call.json().path("intact").asBoolean());
        assertTrue(call.json().path("problem").isNull());
        assertEquals(1, call.json().path("sequence").asLong());
        assertEquals(ModelVersion.GENESIS_PARENT, call.json().path("parent").asText());
        assertEquals(false, call.json().path("rescored").asBoolean());
        assertEquals(version.hash(), FakeHttp.post("/v1/ai/versions/1/verify", "").as("op", OPERATOR).sendTo(api).json()
                .path("version").asText());
    }

    @Test
    public void anAlteredRecordIsNamedAndUnknownVersionsAndViewersAreRefused() {
        var versions = store.namespace(VersionChain.VERSIONS, Codecs.LONG, Codecs.BYTES);
        byte[] original = versions.get(1L).orElseThrow();
        try {
            // a different score, same hash field: the content no longer hashes to it
            String text = new String(original, StandardCharsets.UTF_8);
            String score = "\"scorePpm\":" + version.tasks().get(0).scorePpm();
            assertTrue(text, text.contains(score));
            versions.put(1L, text.replace(score, "\"scorePpm\":" + (version.tasks().get(0).scorePpm() + 1))
                    .getBytes(StandardCharsets.UTF_8));
            FakeHttp call = FakeHttp.post("/v1/ai/versions/1/verify", "").as("op", OPERATOR).sendTo(api);
            assertEquals(call.text(), 200, call.status());
            assertEquals(false, call.json().path("intact").asBoolean());
            assertTrue(call.text(), call.json().path("problem").asText().contains("does not match its hash"));
        } finally {
            versions.put(1L, original);
        }
        FakeHttp unknown = FakeHttp.post("/v1/ai/versions/" + "ab".repeat(32) + "/verify", "").as("op", OPERATOR).sendTo(api);
        assertEquals(404, unknown.status());
        assertEquals("unknown_version", unknown.errorCode());
        assertEquals(403, FakeHttp.post("/v1/ai/versions/1/verify", "").as("v", ApiContext.ROLE_VIEWER).sendTo(api).status());
    }
}
