package org.qenex.chain.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.Test;
import org.qenex.api.http.ApiContext;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.ledger.ChainNode;
import org.qenex.chain.internal.tx.TransactionCodec;

/** The REST servlets over a real ledger, with fake requests: shapes, roles and error codes. */
public class ChainServletsTest {

    private final ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());
    private final KeyPair alice = TestChain.key(10);
    private final KeyPair bob = TestChain.key(11);
    private static final Set<String> VIEWER = Set.of(ApiContext.ROLE_VIEWER);

    private static RestConfiguration limits(int perClient) {
        return new RestConfiguration() {
            public Class<? extends Annotation> annotationType() {
                return RestConfiguration.class;
            }

            public int submitsPerSecondPerClient() {
                return perClient;
            }

            public int submitsPerSecondTotal() {
                return 1_000;
            }
        };
    }

    @Test
    public void submitsQueriesAndRefusesWithStableCodes() throws Exception {
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "rest")));
        TransactionSubmitServlet submit = new TransactionSubmitServlet(node, limits(1_000));
        ChainServlet query = new ChainServlet(node);

        byte[] tx = TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 42, 1_000, 0).encoded();
        FakeHttp post = new FakeHttp();
        submit.service(post.request("POST", null, Set.of(), "application/json",
                ("{\"hex\":\"" + HexFormat.of().formatHex(tx) + "\"}").getBytes(StandardCharsets.UTF_8)), post.response());
        assertEquals(202, post.status);
        assertTrue(post.text(), post.text().contains("\"status\":\"pending\""));

        FakeHttp again = new FakeHttp();
        submit.service(again.request("POST", null, Set.of(), "application/octet-stream", tx), again.response());
        assertEquals(409, again.status);
        assertEquals("duplicate", again.attributes.get(ApiContext.ERROR_CODE));

        FakeHttp bad = new FakeHttp();
        submit.service(bad.request("POST", null, Set.of(), "application/octet-stream", new byte[] {1, 2, 3}), bad.response());
        assertEquals(400, bad.status);
        assertEquals("bad_encoding", bad.attributes.get(ApiContext.ERROR_CODE));

        node.produceBlock(List.of());
        String id = HexFormat.of().formatHex(TransactionCodec.decode(tx, 512).id());
        FakeHttp get = new FakeHttp();
        query.service(get.request("GET", "/transactions/" + id, VIEWER, null, null), get.response());
        assertEquals(200, get.status);
        assertTrue(get.text(), get.text().contains("\"status\":\"confirmed\"") && get.text().contains("\"blockHeight\":2"));

        FakeHttp account = new FakeHttp();
        query.service(account.request("GET", "/accounts/" + bob.address(), VIEWER, null, null), account.response());
        assertTrue(account.text(), account.text().contains("\"balance\":42"));

        FakeHttp typo = new FakeHttp();
        String wrong = bob.address().substring(0, 10) + (bob.address().charAt(10) == 'a' ? 'b' : 'a') + bob.address().substring(11);
        query.service(typo.request("GET", "/accounts/" + wrong, VIEWER, null, null), typo.response());
        assertEquals(400, typo.status);
        assertEquals("bad_address", typo.attributes.get(ApiContext.ERROR_CODE));

        FakeHttp head = new FakeHttp();
        query.service(head.request("GET", "/head", VIEWER, null, null), head.response());
        assertTrue(head.text(), head.text().contains("\"height\":2") && head.text().contains("\"chainId\":\"qenex-test\""));

        FakeHttp block = new FakeHttp();
        query.service(block.request("GET", "/blocks/1", VIEWER, null, null), block.response());
        assertTrue(block.text(), block.text().contains("\"mints\":[{"));

        FakeHttp anonymous = new FakeHttp();
        query.service(anonymous.request("GET", "/head", Set.of(), null, null), anonymous.response());
        assertEquals(403, anonymous.status);
    }

    @Test
    public void rateLimitsSubmissions() throws Exception {
        TransactionSubmitServlet submit = new TransactionSubmitServlet(node, limits(2));
        int limited = 0;
        for (int i = 0; i < 5; i++) {
            FakeHttp r = new FakeHttp();
            submit.service(r.request("POST", null, Set.of(), "application/octet-stream", new byte[] {1}), r.response());
            if (r.status == 429) {
                assertEquals("rate_limited", r.attributes.get(ApiContext.ERROR_CODE));
                limited++;
            }
        }
        assertEquals(3, limited);
    }
}
