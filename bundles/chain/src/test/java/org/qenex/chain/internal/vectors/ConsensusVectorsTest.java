package org.qenex.chain.internal.vectors;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.GenesisFile;
import org.qenex.chain.internal.error.ChainException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs every consensus vector in {@code src/test/resources/vectors}: a genesis, setup blocks that
 * must all be accepted, then one transaction (admitted as the mempool would) or block (imported)
 * whose verdict must be the expected one, and which, when refused, must change nothing. Proofs
 * whose specification contains "unverified" fail verification.
 */
public class ConsensusVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    public void everyVectorGetsItsVerdict() throws Exception {
        File dir = new File(getClass().getResource("/vectors").toURI());
        File[] files = dir.listFiles((d, n) -> n.endsWith(".json"));
        assertTrue("vectors present", files != null && files.length > 0);
        java.util.Arrays.sort(files);
        List<String> failures = new ArrayList<>();
        Set<String> verdicts = new TreeSet<>();
        for (File file : files) {
            JsonNode v = JSON.readTree(file);
            String verdict = run(v);
            verdicts.add(verdict);
            if (!v.get("expected").asText().equals(verdict)) {
                failures.add(v.get("name").asText() + ": expected " + v.get("expected").asText() + ", got " + verdict);
            }
        }
        assertEquals(String.join("\n", failures), 0, failures.size());
        for (String required : List.of("valid", "bad_encoding", "wrong_chain_id", "tx_oversized", "amount_not_positive",
                "amount_overflow", "bad_signature", "nonce_replayed", "nonce_skipped", "insufficient_balance", "fee_too_low",
                "parent_cycle", "parent_already_set", "double_spend", "bad_merkle_root", "bad_state_commitment",
                "bad_producer_signature", "unknown_producer", "timestamp_too_far_ahead", "proof_not_verified",
                "proof_already_rewarded", "reward_above_schedule", "reward_above_cap", "block_oversized",
                "bad_contributor_signature", "contributor_key_mismatch", "proof_parent_not_tip", "proof_parent_rewarded",
                "proof_fingerprint_rewarded", "slot_taken", "out_of_turn_too_early")) {
            assertTrue("no vector for " + required, verdicts.contains(required));
        }
        System.out.println(files.length + " consensus vectors, verdicts " + verdicts);
    }

    private static String run(JsonNode v) throws Exception {
        ChainParameters params = GenesisFile.parse(v.get("genesis"));
        long now = v.get("now").asLong();
        ChainNode node = new ChainNode(params, new MemoryStore(), TestChain.validator(), TestChain.VERIFIER, () -> now,
                ChainNode.Limits.DEFAULT);
        node.open();
        for (JsonNode block : v.get("setup")) {
            node.importBlock(HexFormat.of().parseHex(block.asText()));
        }
        byte[] headBefore = node.head().hash();
        byte[] stateBefore = node.chain().stateCommitment();
        byte[] input = HexFormat.of().parseHex(v.get("input").asText());
        try {
            if ("transaction".equals(v.get("type").asText())) {
                node.submit(input);
            } else {
                node.importBlock(input);
            }
            return "valid";
        } catch (ChainException e) {
            assertArrayEquals(v.get("name").asText() + " changed the head", headBefore, node.head().hash());
            assertArrayEquals(v.get("name").asText() + " changed the state", stateBefore, node.chain().stateCommitment());
            assertEquals(0, node.mempoolSize());
            return e.code();
        }
    }
}
