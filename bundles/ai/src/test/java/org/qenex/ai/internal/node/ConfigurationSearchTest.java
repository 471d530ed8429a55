package org.qenex.ai.internal.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Test;
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.eval.TaskInstances;

/** Improvers on different nodes walk different, deterministic sequences of candidates. */
public class ConfigurationSearchTest {

    private static final int PROPOSALS = 40;

    private static List<String> sequence(String nodeId) {
        List<TaskInstances> tasks = List.of(BuiltInTaskFixtures.named("mathematics.product-relation"));
        ConfigurationSearch search = new ConfigurationSearch(nodeId);
        List<String> proposed = new ArrayList<>();
        for (int i = 0; i < PROPOSALS; i++) {
            proposed.add(search.propose(tasks));
        }
        return proposed;
    }

    @Test
    public void twoNodeIdsProposeDifferentSequencesAndEachTheSameAfterARestart() {
        List<String> a = sequence("node-a");
        List<String> b = sequence("node-b");
        assertEquals("deterministic per node id: a restart proposes the same", a, sequence("node-a"));
        assertNotEquals(a, b);
        // not a shifted copy either: most of what one proposes the other never does in as many tries
        Set<String> overlap = new HashSet<>(a);
        overlap.retainAll(new HashSet<>(b));
        assertTrue("shared proposals: " + overlap, overlap.size() < PROPOSALS / 4);
    }

    @Test
    public void idsWhoseHashCodesCollideStillGetTheirOwnSequences() {
        assertEquals("Aa".hashCode(), "BB".hashCode()); // String.hashCode would give both one sequence
        assertNotEquals(ConfigurationSearch.seed("Aa"), ConfigurationSearch.seed("BB"));
        assertNotEquals(sequence("Aa"), sequence("BB"));
    }
}
