package org.qenex.chain.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.tx.TransactionCodec;

/** The chain's REST resources over a real ledger, through the REST kit with fake requests: shapes, roles and error codes. */
public class ChainResourcesTest {

    private final ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());
    private final KeyPair alice = TestChain.key(10);
    private final KeyPair bob = TestChain.key(11);
    private static final String VIEWER = ApiContext.ROLE_VIEWER;

    private static RestConfiguration limits(int perClient) {
        return TestChain.configuration(RestConfiguration.class,
                Map.of("submitsPerSecondPerClient", perClient, "submitsPerSecondTotal", 1_000));
    }

    @Test
    public void submitsQueriesAndRefusesWithStableCodes() throws Exception {
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "rest")));
        ApiDispatcher api = new ApiDispatcher();
        api.add(new TransactionSubmitResource(node, limits(1_000)));
        api.add(new ChainResource(node));

        byte[] tx = TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 42, 1_000, 0).encoded();
        FakeHttp post = FakeHttp.post("/v1/chain/transactions", "{\"hex\":\"" + HexFormat.of().formatHex(tx) + "\"}")
                .sendTo(api);
        assertEquals(202, post.status());
        assertTrue(post.text(), post.text().contains("\"status\":\"pending\""));

        FakeHttp again = FakeHttp.of("POST", "/v1/chain/transactions").body("application/octet-stream", tx).sendTo(api);
        assertEquals(409, again.status());
        assertEquals("duplicate", again.errorCode());

        FakeHttp bad = FakeHttp.of("POST", "/v1/chain/transactions").body("application/octet-stream", new byte[] {1, 2, 3})
                .sendTo(api);
        assertEquals(400, bad.status());
        assertEquals("bad_encoding", bad.errorCode());
        assertEquals("bad_encoding", FakeHttp.post("/v1/chain/transactions", "{\"hex\":\"zz\"}").sendTo(api).errorCode());

        // a well-formed transfer the state refuses is a conflict, not a malformed request (the
        // gateway's intrusion detection counts 400s against the client's address)
        byte[] skipped = TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 42, 1_000, 5).encoded();
        FakeHttp gap = FakeHttp.of("POST", "/v1/chain/transactions").body("application/octet-stream", skipped).sendTo(api);
        assertEquals(gap.text(), 409, gap.status());
        assertEquals("nonce_skipped", gap.errorCode());
        byte[] replayed = TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 43, 1_000, 0).encoded();
        FakeHttp replay = FakeHttp.of("POST", "/v1/chain/transactions").body("application/octet-stream", replayed).sendTo(api);
        assertEquals(replay.text(), 409, replay.status());
        assertEquals("nonce_replayed", replay.errorCode());
        byte[] forged = skipped.clone();
        forged[forged.length - 1] ^= 1;
        FakeHttp badSignature = FakeHttp.of("POST", "/v1/chain/transactions").body("application/octet-stream", forged).sendTo(api);
        assertEquals(badSignature.text(), 400, badSignature.status());
        assertEquals("bad_signature", badSignature.errorCode());

        node.produceBlock(List.of());
        String id = HexFormat.of().formatHex(TransactionCodec.decode(tx, 512).id());
        FakeHttp get = FakeHttp.get("/v1/chain/transactions/" + id).as("v", VIEWER).sendTo(api);
        assertEquals(200, get.status());
        assertTrue(get.text(), get.text().contains("\"status\":\"confirmed\"") && get.text().contains("\"blockHeight\":2"));

        FakeHttp account = FakeHttp.get("/v1/chain/accounts/" + bob.address()).as("v", VIEWER).sendTo(api);
        assertTrue(account.text(), account.text().contains("\"balance\":42"));

        String wrong = bob.address().substring(0, 10) + (bob.address().charAt(10) == 'a' ? 'b' : 'a') + bob.address().substring(11);
        FakeHttp typo = FakeHttp.get("/v1/chain/accounts/" + wrong).as("v", VIEWER).sendTo(api);
        assertEquals(400, typo.status());
        assertEquals("bad_address", typo.errorCode());

        FakeHttp head = FakeHttp.get("/v1/chain/head").as("v", VIEWER).sendTo(api);
        assertTrue(head.text(), head.text().contains("\"height\":2") && head.text().contains("\"chainId\":\"qenex-test\""));

        FakeHttp block = FakeHttp.get("/v1/chain/blocks/1").as("v", VIEWER).sendTo(api);
        assertTrue(block.text(), block.text().contains("\"mints\":[{"));
        FakeHttp full = FakeHttp.get("/v1/chain/blocks/2").query("transactions", "full").as("v", VIEWER).sendTo(api);
        assertEquals(id, full.json().path("transactions").path(0).path("id").asText());
        assertEquals("unknown_block", FakeHttp.get("/v1/chain/blocks/99").as("v", VIEWER).sendTo(api).errorCode());

        FakeHttp anonymous = FakeHttp.get("/v1/chain/head").as("nobody").sendTo(api);
        assertEquals(403, anonymous.status());
        FakeHttp get405 = FakeHttp.get("/v1/chain/transactions").sendTo(api);
        assertEquals("the public path answers other methods 405", 405, get405.status());
        assertEquals("POST", get405.header("Allow"));
    }

    @Test
    public void aBatchGetsAVerdictPerTransactionAndAMalformedOneRefusesItWhole() throws Exception {
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "batch")));
        ApiDispatcher api = new ApiDispatcher();
        api.add(new TransactionSubmitResource(node, limits(1_000)));
        String first = hex(0), second = hex(1), skipped = hex(9);

        FakeHttp batch = FakeHttp.post("/v1/chain/transactions/batch",
                "{\"transactions\":[\"" + first + "\",\"" + second + "\",\"" + skipped + "\",\"" + first + "\"]}").sendTo(api);
        assertEquals(batch.text(), 200, batch.status());
        assertEquals(2, batch.json().path("accepted").asInt());
        assertEquals(2, batch.json().path("refused").asInt());
        var results = batch.json().path("results");
        assertEquals(4, results.size());
        assertEquals(id(first), results.path(0).path("id").asText());
        assertEquals("pending", results.path(1).path("status").asText());
        assertEquals("nonce_skipped", results.path(2).path("error").asText());
        assertTrue(results.path(2).path("detail").asText().length() > 0);
        assertEquals("the same transaction twice: the second is a duplicate", "duplicate", results.path(3).path("error").asText());
        assertEquals(2, node.mempoolSize());

        String forged = hex(2).substring(0, hex(2).length() - 2) + "00";
        FakeHttp bad = FakeHttp.post("/v1/chain/transactions/batch",
                "{\"transactions\":[\"" + hex(2) + "\",\"" + forged + "\"]}").sendTo(api);
        assertEquals(bad.text(), 400, bad.status());
        assertEquals("bad_signature", bad.errorCode());
        assertTrue(bad.text(), bad.text().contains("transactions[1]"));
        assertEquals("nothing of a refused batch is admitted", 2, node.mempoolSize());

        assertEquals("bad_encoding", FakeHttp.post("/v1/chain/transactions/batch", "{\"transactions\":[\"zz\"]}").sendTo(api).errorCode());
        assertEquals("bad_encoding", FakeHttp.post("/v1/chain/transactions/batch", "{\"transactions\":[null]}").sendTo(api).errorCode());
        assertEquals("bad_batch", FakeHttp.post("/v1/chain/transactions/batch", "{\"transactions\":[]}").sendTo(api).errorCode());
        assertEquals("bad_batch", FakeHttp.post("/v1/chain/transactions/batch", "{}").sendTo(api).errorCode());
        StringBuilder tooMany = new StringBuilder("{\"transactions\":[");
        for (int i = 0; i <= TransactionSubmitResource.MAX_BATCH; i++) {
            tooMany.append(i == 0 ? "" : ",").append("\"00\"");
        }
        FakeHttp many = FakeHttp.post("/v1/chain/transactions/batch", tooMany.append("]}").toString()).sendTo(api);
        assertEquals(many.text(), "bad_batch", many.errorCode());
        FakeHttp raw = FakeHttp.of("POST", "/v1/chain/transactions/batch").body("application/octet-stream", new byte[] {1}).sendTo(api);
        assertEquals(400, raw.status());
        assertEquals("bad_encoding", raw.errorCode());
        FakeHttp huge = FakeHttp.post("/v1/chain/transactions/batch",
                "{\"transactions\":[\"" + "0".repeat(TransactionSubmitResource.MAX_BATCH_BODY_BYTES) + "\"]}").sendTo(api);
        assertEquals(413, huge.status());
        assertEquals(2, node.mempoolSize());
    }

    @Test
    public void aBatchTakesOnePermitPerTransaction() throws Exception {
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "limits")));
        ApiDispatcher api = new ApiDispatcher();
        api.add(new TransactionSubmitResource(node, limits(3)));
        FakeHttp four = FakeHttp.post("/v1/chain/transactions/batch",
                "{\"transactions\":[\"" + hex(0) + "\",\"" + hex(1) + "\",\"" + hex(2) + "\",\"" + hex(3) + "\"]}").sendTo(api);
        assertEquals("four transactions against a burst of three", 429, four.status());
        assertEquals(0, node.mempoolSize());
        FakeHttp three = FakeHttp.post("/v1/chain/transactions/batch",
                "{\"transactions\":[\"" + hex(0) + "\",\"" + hex(1) + "\",\"" + hex(2) + "\"]}").sendTo(api);
        assertEquals(three.text(), 200, three.status());
        FakeHttp one = FakeHttp.post("/v1/chain/transactions/batch", "{\"transactions\":[\"" + hex(3) + "\"]}").sendTo(api);
        assertEquals("the burst is spent", 429, one.status());
        assertEquals(3, node.mempoolSize());
    }

    private String hex(long nonce) {
        return HexFormat.of().formatHex(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 1, 1_000, nonce).encoded());
    }

    private static String id(String hex) throws Exception {
        return HexFormat.of().formatHex(TransactionCodec.decode(HexFormat.of().parseHex(hex), 512).id());
    }

    @Test
    public void rateLimitsSubmissions() throws Exception {
        ApiDispatcher api = new ApiDispatcher();
        api.add(new TransactionSubmitResource(node, limits(2)));
        int limited = 0;
        for (int i = 0; i < 5; i++) {
            FakeHttp r = FakeHttp.of("POST", "/v1/chain/transactions").body("application/octet-stream", new byte[] {1}).sendTo(api);
            if (r.status() == 429) {
                assertEquals("rate_limited", r.errorCode());
                assertEquals("1", r.header("Retry-After"));
                limited++;
            }
        }
        assertEquals(3, limited);
    }
}
