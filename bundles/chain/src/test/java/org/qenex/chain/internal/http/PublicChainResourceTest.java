package org.qenex.chain.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.osgi.service.component.ComponentContext;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.tx.TransactionCodec;

import com.fasterxml.jackson.databind.JsonNode;

/** The public reads over a real ledger, anonymous, through the REST kit: shapes, finality, limits, the switch. */
public class PublicChainResourceTest {

    private final ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());
    private final KeyPair alice = TestChain.key(10);
    private final KeyPair bob = TestChain.key(11);

    private ApiDispatcher api(int perClient) {
        ApiDispatcher api = new ApiDispatcher();
        api.add(new PublicChainResource(node, TestChain.configuration(PublicReadsConfiguration.class,
                Map.of("readsPerSecondPerClient", perClient))));
        api.add(new ChainResource(node));
        return api;
    }

    @Test
    public void aWalletReadsTheChainItsNonceAndItsTransferWithoutALogin() throws Exception {
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "public")));
        ApiDispatcher api = api(1_000);

        JsonNode info = anonymous(api, "/v1/chain/info").json();
        assertEquals(TestChain.CHAIN_ID, info.path("chainId").asText());
        assertEquals(node.blockAt(0).orElseThrow().hashHex(), info.path("genesisHash").asText());
        assertEquals(1_000, info.path("minFee").asLong());
        assertEquals("0.00001", info.path("minFeeQxc").asText());
        assertEquals(6, info.path("finalityDepth").asInt());
        assertEquals(7, info.path("finalConfirmations").asInt());
        assertEquals(1, info.path("height").asLong());
        assertEquals(node.head().hashHex(), info.path("headHash").asText());

        JsonNode before = anonymous(api, "/v1/chain/accounts/" + alice.address() + "/nonce").json();
        assertEquals(0, before.path("nonce").asLong());
        assertEquals(0, before.path("nextNonce").asLong());
        assertFalse("no balance without a login", before.has("balance"));

        byte[] tx = TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 42, 1_000, 0).encoded();
        node.submit(tx);
        String id = HexFormat.of().formatHex(TransactionCodec.decode(tx, 512).id());
        JsonNode pending = anonymous(api, "/v1/chain/accounts/" + alice.address() + "/nonce").json();
        assertEquals("the confirmed nonce", 0, pending.path("nonce").asLong());
        assertEquals("the next nonce counts the pending transfer", 1, pending.path("nextNonce").asLong());
        assertEquals("pending", anonymous(api, "/v1/chain/transactions/" + id + "/status").json().path("status").asText());

        node.produceBlock(List.of());
        JsonNode inHead = anonymous(api, "/v1/chain/transactions/" + id + "/status").json();
        assertEquals("a transaction in the head block has 1 confirmation", 1, inHead.path("confirmations").asLong());
        assertEquals("confirmed", inHead.path("status").asText());
        assertEquals(2, inHead.path("blockHeight").asLong());
        assertEquals(node.head().hashHex(), inHead.path("blockHash").asText());
        assertFalse(inHead.has("amount"));
        assertEquals(1, anonymous(api, "/v1/chain/accounts/" + alice.address() + "/nonce").json().path("nonce").asLong());
    }

    /** Finality is defined once (finalityDepth + 1 confirmations); every answer that shows it agrees. */
    @Test
    public void everyAnswerCallsTheSameConfirmationFinal() throws Exception {
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "final")));
        byte[] tx = TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 42, 1_000, 0).encoded();
        node.submit(tx);
        node.produceBlock(List.of());
        String id = HexFormat.of().formatHex(TransactionCodec.decode(tx, 512).id());
        ApiDispatcher api = api(1_000);
        int depth = node.parameters().finalityDepth();
        for (int confirmations = 1; confirmations <= depth + 2; confirmations++) {
            boolean expected = confirmations >= depth + 1;
            JsonNode status = anonymous(api, "/v1/chain/transactions/" + id + "/status").json();
            JsonNode full = FakeHttp.get("/v1/chain/transactions/" + id).as("v", ApiContext.ROLE_VIEWER).sendTo(api).json();
            JsonNode block = FakeHttp.get("/v1/chain/blocks/2").as("v", ApiContext.ROLE_VIEWER).sendTo(api).json();
            for (JsonNode answer : List.of(status, full, block)) {
                assertEquals(answer.toString(), confirmations, answer.path("confirmations").asLong());
                assertEquals("final at " + confirmations + " confirmations: " + answer, expected, answer.path("final").asBoolean());
            }
            assertEquals(expected ? "final" : "confirmed", status.path("status").asText());
            assertEquals(expected ? "final" : "confirmed", full.path("status").asText());
            node.produceBlock(List.of());
        }
    }

    @Test
    public void refusesMistakesWithStableCodes() {
        ApiDispatcher api = api(1_000);
        String typo = bob.address().substring(0, 10) + (bob.address().charAt(10) == 'a' ? 'b' : 'a') + bob.address().substring(11);
        assertError(anonymous(api, "/v1/chain/accounts/" + typo + "/nonce"), 400, "bad_address");
        assertError(anonymous(api, "/v1/chain/transactions/" + "AB".repeat(32) + "/status"), 400, "bad_request");
        assertError(anonymous(api, "/v1/chain/transactions/" + "ab".repeat(32) + "/status"), 404, "unknown_transaction");
        FakeHttp post = FakeHttp.post("/v1/chain/info", "{}").sendTo(api);
        assertEquals("reads only", 405, post.status());
        assertEquals("the viewer routes still need a login", 403, anonymous(api, "/v1/chain/accounts/" + bob.address()).status());
    }

    @Test
    public void limitsEachClientAddressWith429AndRetryAfter() {
        ApiDispatcher api = api(3);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, FakeHttp.get("/v1/chain/info").from("192.0.2.1").sendTo(api).status());
        }
        FakeHttp limited = FakeHttp.get("/v1/chain/accounts/" + bob.address() + "/nonce").from("192.0.2.1").sendTo(api);
        assertError(limited, 429, "rate_limited");
        assertEquals("1", limited.header("Retry-After"));
        assertEquals("another address has its own budget", 200,
                FakeHttp.get("/v1/chain/info").from("192.0.2.2").sendTo(api).status());
    }

    @Test
    public void theSwitchEnablesAndDisablesTheResource() {
        List<String> calls = new ArrayList<>();
        ComponentContext context = (ComponentContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ComponentContext.class}, (proxy, method, args) -> {
                    calls.add(method.getName() + " " + args[0]);
                    return null;
                });
        PublicReadsSwitch onOff = new PublicReadsSwitch(context, TestChain.configuration(PublicReadsConfiguration.class, Map.of()));
        onOff.modified(TestChain.configuration(PublicReadsConfiguration.class, Map.of("readsPerSecondPerClient", 5)));
        onOff.modified(TestChain.configuration(PublicReadsConfiguration.class, Map.of("enabled", false)));
        onOff.modified(TestChain.configuration(PublicReadsConfiguration.class, Map.of("enabled", true)));
        onOff.deactivate();
        String name = PublicChainResource.NAME;
        assertEquals(List.of("enableComponent " + name, "disableComponent " + name, "enableComponent " + name,
                "disableComponent " + name), calls);
    }

    private static FakeHttp anonymous(ApiDispatcher api, String path) {
        return FakeHttp.get(path).sendTo(api);
    }

    private static void assertError(FakeHttp answer, int status, String code) {
        assertEquals(answer.text(), status, answer.status());
        assertEquals(answer.text(), code, answer.errorCode());
        assertTrue(answer.text(), answer.json().has("detail"));
    }
}
