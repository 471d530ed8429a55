package org.qenex.chain.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.wallet.NodeWallets;
import org.qenex.chain.internal.wallet.SigningWallets;
import org.qenex.chain.internal.wallet.WalletInfo;
import org.qenex.chain.internal.wallet.WalletStore;

/** {@code /api/v1/wallets}: strict amounts, bounded bodies, our own error words, and parallel sends. */
public class WalletResourceTest {

    private static final String[] OPERATOR = {ApiContext.ROLE_VIEWER, ApiContext.ROLE_OPERATOR};
    private static final String WHOLE = "must be a whole number from 0 to 9223372036854775807";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());
    private final KeyPair bob = TestChain.key(11);
    private final ApiDispatcher api = new ApiDispatcher();
    private AccountId alice;

    @Before
    public void setUp() throws Exception {
        WalletStore store = new WalletStore(folder.newFolder("wallets").toPath(), 1 << 10, new SecureRandom());
        NodeWallets wallets = new SigningWallets(store, node);
        api.add(new WalletResource(wallets, node));
        FakeHttp created = post("", "{\"name\":\"alice\",\"passphrase\":\"correct horse\"}");
        assertEquals(created.text(), 201, created.status());
        WalletInfo info = wallets.list().get(0);
        alice = Address.parse(info.address());
        ImprovementProof signedByTheWallet = store.withKey("alice", "correct horse".toCharArray(),
                key -> TestChain.proof(key, 10_000, "w"));
        node.produceBlock(List.of(signedByTheWallet));
    }

    private FakeHttp post(String path, String json) {
        return FakeHttp.post("/v1/wallets" + path, json).as("op", OPERATOR).sendTo(api);
    }

    private FakeHttp transfer(String amount, String fee) {
        return post("/alice/transfers", "{\"passphrase\":\"correct horse\",\"to\":\"" + bob.address() + "\",\"amount\":" + amount
                + (fee == null ? "" : ",\"fee\":" + fee) + "}");
    }

    private static void refused(FakeHttp http, int status, String code, String detail) {
        assertEquals(http.text(), status, http.status());
        assertEquals(code, http.errorCode());
        assertEquals(detail, http.errorDetail());
    }

    @Test
    public void anAmountIsAWholeJsonNumberInRangeOrA400() throws Exception {
        // 2^64 + 5 used to be sent as 5, true as 1 and 1.9 as 1
        for (String amount : List.of("18446744073709551621", "9223372036854775808", "true", "1.9", "1.0", "1e3", "\"5\"",
                "-5", "[5]", "{}")) {
            refused(transfer(amount, null), 400, "bad_request", "field 'amount' " + WHOLE);
        }
        refused(transfer("5", "0.5"), 400, "bad_request", "field 'fee' " + WHOLE);
        refused(transfer("5", "false"), 400, "bad_request", "field 'fee' " + WHOLE);
        refused(transfer("null", null), 400, "bad_request", "field 'amount' is missing");
        assertEquals("nothing was sent", 0, node.mempoolSize());

        FakeHttp sent = transfer("9223372036854775807", null);
        assertEquals("a long's largest value is a number the ledger then judges", "amount_overflow",
                sent.errorCode());
        assertEquals(202, transfer("5", "1000").status());
        assertEquals(1, node.mempoolSize());
    }

    @Test
    public void malformedBodiesGetOurOwnWordsNeverJacksons() throws Exception {
        refused(post("/alice/transfers", "{\"passphrase\":\"correct horse\",\"to\":5,\"amount\":5}"), 400, "bad_request",
                "field 'to' must be a string");
        refused(post("/alice/transfers", "{\"passphrase\":\"correct horse\",\"amont\":5}"), 400, "bad_request",
                "unknown field 'amont'");
        refused(post("/alice/transfers", "{\"passphrase\":\"x\",\"passphrase\":\"y\"}"), 400, "bad_request",
                "a field appears twice");
        refused(post("/alice/transfers", "[1,2]"), 400, "bad_request", "the body must be one JSON object");
        refused(post("/alice/transfers", "{\"amount\":5} {}"), 400, "bad_request", "the body must be one JSON object");
        refused(post("/alice/transfers", ""), 400, "bad_request", "the body must be one JSON object");
        refused(post("/alice/transfers", "{\"amount\": 5,"), 400, "bad_request",
                "the body is not valid JSON (line 1, column 14)");
        refused(post("", "{\"name\":\"bob\"}"), 400, "bad_request", "field 'passphrase' is missing");
    }

    @Test
    public void aWalletThePathNamesThatDoesNotExistIsA404() throws Exception {
        refused(post("/carol/transfers", "{\"passphrase\":\"correct horse\",\"to\":\"" + bob.address() + "\",\"amount\":5}"),
                404, "no_such_wallet", "no wallet named carol");
        refused(post("/carol/parent", "{\"passphrase\":\"correct horse\",\"parent\":\"alice\",\"parentPassphrase\":\"correct horse\"}"),
                404, "no_such_wallet", "no wallet named carol");
        refused(post("/alice/parent", "{\"passphrase\":\"correct horse\",\"parent\":\"carol\",\"parentPassphrase\":\"correct horse\"}"),
                400, "bad_request", "no wallet named carol to be the parent");
        assertEquals("nothing was sent", 0, node.mempoolSize());
    }

    @Test
    public void everyBodyIsBoundedAndAnUnreadableOneIsA400() throws Exception {
        String huge = "x".repeat(10 * 1024 * 1024);
        refused(post("", "{\"name\":\"big\",\"passphrase\":\"" + huge + "\"}"), 413, "body_too_large",
                "a request body is at most 16384 bytes");

        FakeHttp cut = FakeHttp.of("POST", "/v1/wallets/alice/transfers").body("application/json", new byte[8])
                .failingRead(new IOException("org.eclipse.jetty.io.EofException: early EOF")).as("op", OPERATOR).sendTo(api);
        refused(cut, 400, "unreadable_body", "the request body could not be read: it ended early or its encoding is malformed");
    }

    @Test
    public void parallelSendsFromOneWalletAllSucceedWithConsecutiveNonces() throws Exception {
        int sends = 12;
        ExecutorService threads = Executors.newFixedThreadPool(sends);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<FakeHttp>> results = new ArrayList<>();
        try {
            for (int i = 0; i < sends; i++) {
                long amount = 1_000 + i;
                results.add(threads.submit(() -> {
                    start.await();
                    return transfer(Long.toString(amount), null);
                }));
            }
            start.countDown();
            for (Future<FakeHttp> f : results) {
                FakeHttp http = f.get();
                assertEquals(http.text(), 202, http.status());
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(sends, node.mempoolSize());
        node.produceBlock(List.of());
        assertEquals(sends, node.account(alice).nonce());
        assertEquals(sends * 1_000 + sends * (sends - 1) / 2, node.account(bob.account()).balance());
    }
}
