package org.qenex.chain.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.Before;
import org.junit.Test;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.state.DocProofChecker;
import org.qenex.chain.internal.tx.TransactionCodec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/chain/accounts/{address}/proof} over a real ledger, each answer checked by
 * {@link DocProofChecker} (written from docs/chain-format.md alone) against the header of the block
 * the answer names; tampered answers are refused.
 */
public class AccountProofTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String VIEWER = ApiContext.ROLE_VIEWER;

    private final ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());
    private final KeyPair alice = TestChain.key(10);
    private final List<KeyPair> recipients = new ArrayList<>();
    private final ApiDispatcher api = new ApiDispatcher();

    @Before
    public void fortyAccounts() throws Exception {
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "proofs")));
        for (int i = 0; i < 40; i++) {
            KeyPair k = TestChain.key(100 + i);
            recipients.add(k);
            node.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, k.account(), 1_000 + i, 1_000, i).encoded());
        }
        node.produceBlock(List.of());
        api.add(new ChainResource(node));
    }

    private JsonNode proof(String address) {
        FakeHttp answer = FakeHttp.get("/v1/chain/accounts/" + address + "/proof").as("v", VIEWER).sendTo(api);
        assertEquals(answer.text(), 200, answer.status());
        return answer.json();
    }

    private static List<byte[]> siblings(JsonNode proof) {
        List<byte[]> list = new ArrayList<>();
        proof.path("siblings").forEach(s -> list.add(HEX.parseHex(s.asText())));
        return list;
    }

    /** Every check of the doc: the path gives the accounts root, the parts give the header's commitment. */
    private boolean checks(JsonNode p, byte[] record, List<byte[]> siblings) {
        byte[] id = HEX.parseHex(p.path("accountId").asText());
        byte[] accountsRoot = HEX.parseHex(p.path("accountsRoot").asText());
        boolean path;
        if (p.path("included").asBoolean()) {
            path = DocProofChecker.includes(accountsRoot, id, record, siblings);
        } else {
            byte[] otherKey = p.path("terminal").asText().equals("other") ? HEX.parseHex(p.path("otherKey").asText()) : null;
            byte[] otherRecord = otherKey == null ? null : HEX.parseHex(p.path("otherRecord").asText());
            byte[] root = DocProofChecker.rootOf(id, otherKey, otherRecord, siblings);
            path = root != null && java.util.Arrays.equals(root, accountsRoot)
                    && (otherKey == null || !java.util.Arrays.equals(otherKey, DocProofChecker.sha256(id)));
        }
        byte[] commitment = DocProofChecker.commitment(accountsRoot, p.path("minted").asLong(),
                HEX.parseHex(p.path("proofsRoot").asText()), HEX.parseHex(p.path("modelTip").asText()),
                HEX.parseHex(p.path("versionsRoot").asText()));
        // the header of the named block, read as a light client would (here: from the node's block API)
        String header = FakeHttp.get("/v1/chain/blocks/" + p.path("blockHash").asText()).as("v", VIEWER).sendTo(api).json()
                .path("stateCommitment").asText();
        return path && HEX.formatHex(commitment).equals(header) && header.equals(p.path("stateCommitment").asText());
    }

    private static byte[] record(long balance, long nonce) {
        return java.nio.ByteBuffer.allocate(17).putLong(balance).putLong(nonce).put((byte) 0).array();
    }

    @Test
    public void everyAccountsProofChecksWithTheDocAlone() {
        for (int i = 0; i < recipients.size(); i++) {
            JsonNode p = proof(recipients.get(i).address());
            assertTrue(p.path("included").asBoolean());
            assertEquals(1_000 + i, p.path("balance").asLong());
            byte[] record = record(1_000 + i, 0);
            assertEquals(HEX.formatHex(record), p.path("record").asText());
            assertEquals(2, p.path("height").asLong());
            assertTrue(p.toString(), checks(p, record, siblings(p)));
        }
        JsonNode a = proof(alice.address());
        assertTrue(checks(a, HEX.parseHex(a.path("record").asText()), siblings(a)));
        assertEquals(40, a.path("nonce").asLong());
    }

    @Test
    public void tamperedProofsFail() {
        JsonNode p = proof(recipients.get(7).address());
        byte[] record = record(1_007, 0);
        List<byte[]> siblings = siblings(p);
        assertFalse(siblings.isEmpty());
        assertFalse("another balance", checks(p, record(1_008, 0), siblings));
        assertFalse("another nonce", checks(p, record(1_007, 1), siblings));
        for (int i = 0; i < siblings.size(); i++) {
            List<byte[]> changed = new ArrayList<>(siblings);
            byte[] s = changed.get(i).clone();
            s[0] ^= (byte) 0x80;
            changed.set(i, s);
            assertFalse("sibling " + i + " changed", checks(p, record, changed));
        }
        assertFalse("a sibling dropped", checks(p, record, siblings.subList(1, siblings.size())));
        List<byte[]> extra = new ArrayList<>(siblings);
        extra.add(new byte[32]);
        assertFalse("an empty sibling added", checks(p, record, extra));
        // another account's proof does not show this account
        JsonNode other = proof(recipients.get(8).address());
        assertFalse(checks(p, record, siblings(other)));
    }

    @Test
    public void aProofIsForItsBlockOnly() throws Exception {
        JsonNode before = proof(recipients.get(3).address());
        node.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, TestChain.key(500).account(), 5, 1_000, 40).encoded());
        node.produceBlock(List.of());
        JsonNode after = proof(recipients.get(3).address());
        assertEquals(3, after.path("height").asLong());
        assertTrue(checks(after, record(1_003, 0), siblings(after)));
        // the old answer still checks against its own block, and its commitment is not the new head's
        assertTrue(checks(before, record(1_003, 0), siblings(before)));
        String headCommitment = FakeHttp.get("/v1/chain/blocks/3").as("v", VIEWER).sendTo(api).json().path("stateCommitment").asText();
        assertFalse(headCommitment.equals(before.path("stateCommitment").asText()));
    }

    @Test
    public void anAccountThatDoesNotExistHasAnExclusionProof() {
        int empty = 0;
        int other = 0;
        // seeds 150..209: no account of the chain (alice 10, recipients 100..139, validator 1)
        for (int i = 0; i < 60; i++) {
            JsonNode p = proof(TestChain.key(150 + i).address());
            assertFalse(p.path("included").asBoolean());
            assertEquals(0, p.path("balance").asLong());
            assertNull(p.get("record"));
            assertTrue(p.toString(), checks(p, null, siblings(p)));
            if (p.path("terminal").asText().equals("empty")) {
                empty++;
            } else {
                assertEquals("other", p.path("terminal").asText());
                other++;
            }
        }
        // with 42 accounts, some absent keys end beside an empty subtree and some at another leaf
        assertTrue(empty > 0 && other > 0);
    }

    @Test
    public void refusesBadAddressesAndStrangers() {
        String address = recipients.get(0).address();
        String wrong = address.substring(0, 10) + (address.charAt(10) == 'a' ? 'b' : 'a') + address.substring(11);
        FakeHttp typo = FakeHttp.get("/v1/chain/accounts/" + wrong + "/proof").as("v", VIEWER).sendTo(api);
        assertEquals(400, typo.status());
        assertEquals("bad_address", typo.errorCode());
        assertNotNull(typo.json().path("detail").asText(null));
        assertEquals(403, FakeHttp.get("/v1/chain/accounts/" + address + "/proof").as("nobody").sendTo(api).status());
    }
}
