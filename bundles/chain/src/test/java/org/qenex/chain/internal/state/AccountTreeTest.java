package org.qenex.chain.internal.state;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.Test;
import org.qenex.chain.internal.crypto.AccountId;

public class AccountTreeTest {

    private static AccountId id(int n) {
        byte[] b = new byte[AccountId.LENGTH];
        b[16] = (byte) (n >>> 24);
        b[17] = (byte) (n >>> 16);
        b[18] = (byte) (n >>> 8);
        b[19] = (byte) n;
        return AccountId.of(b);
    }

    /** The root straight from the definition (docs/chain-format.md), over the whole set each time. */
    private static byte[] referenceRoot(Map<AccountId, Account> accounts, int[] nodeCount) {
        TreeMap<String, byte[][]> byKey = new TreeMap<>();
        accounts.forEach((id, a) -> {
            byte[] key = DocProofChecker.sha256(id.bytes());
            byKey.put(java.util.HexFormat.of().formatHex(key), new byte[][] { key, a.encode() });
        });
        return subtree(new ArrayList<>(byKey.values()), 0, nodeCount);
    }

    private static byte[] subtree(List<byte[][]> leaves, int depth, int[] nodeCount) {
        if (leaves.isEmpty()) {
            return new byte[32];
        }
        nodeCount[0]++;
        if (leaves.size() == 1) {
            return DocProofChecker.sha256(new byte[] { 0 }, leaves.get(0)[0], leaves.get(0)[1]);
        }
        List<byte[][]> left = new ArrayList<>();
        List<byte[][]> right = new ArrayList<>();
        for (byte[][] l : leaves) {
            (AccountTree.bit(l[0], depth) == 0 ? left : right).add(l);
        }
        return DocProofChecker.sha256(new byte[] { 1 }, subtree(left, depth + 1, nodeCount), subtree(right, depth + 1, nodeCount));
    }

    @Test
    public void emptyTreeRootIsZeros() {
        assertArrayEquals(new byte[32], new AccountTree(new MemoryTreeNodes()).root());
    }

    @Test
    public void documentedExample() {
        // docs/chain-format.md, "State commitment": three accounts and their root
        AccountId one = AccountId.of(filled(1));
        AccountId two = AccountId.of(filled(2));
        AccountId three = AccountId.of(filled(3));
        AccountTree tree = new AccountTree(new MemoryTreeNodes());
        tree.apply(tree.prepare(Map.of(one, new Account(100, 0, null), two, new Account(250, 3, null), three,
                new Account(7, 1, one))));
        assertEquals("9b8f65607d891ebc9ee18add4f866748456ebce2d8f0bd9c9a8e508871617f27", HexFormat.of().formatHex(AccountTree.key(one)));
        assertEquals("6f0e35c66853d6d8b013eaae6ed5c55441f657282f552349d97df801a4f1a1c8", HexFormat.of().formatHex(tree.root()));
        assertEquals(1, tree.prove(AccountTree.key(three)).siblings().size());
        assertEquals(3, tree.prove(AccountTree.key(one)).siblings().size());
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[AccountId.LENGTH];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    public void oneAccountRootIsItsLeaf() {
        AccountTree tree = new AccountTree(new MemoryTreeNodes());
        Account a = new Account(5, 1, null);
        tree.apply(tree.prepare(Map.of(id(1), a)));
        assertArrayEquals(DocProofChecker.sha256(new byte[] { 0 }, DocProofChecker.sha256(id(1).bytes()), a.encode()), tree.root());
    }

    @Test
    public void randomBatchesMatchTheDefinitionAndLeaveNoStaleNodes() {
        Random random = new Random(42);
        MemoryTreeNodes nodes = new MemoryTreeNodes();
        AccountTree tree = new AccountTree(nodes);
        Map<AccountId, Account> model = new HashMap<>();
        for (int round = 0; round < 300; round++) {
            Map<AccountId, Account> batch = new HashMap<>();
            int size = 1 + random.nextInt(round < 100 ? 5 : 40);
            for (int i = 0; i < size; i++) {
                AccountId id = id(random.nextInt(400));
                // about a third removals, so subtrees collapse as often as they split
                Account a = random.nextInt(3) == 0 ? Account.EMPTY : new Account(random.nextInt(1000) + 1, random.nextInt(9), null);
                batch.put(id, a);
            }
            AccountTree.Update update = tree.prepare(batch);
            tree.apply(update);
            batch.forEach((id, a) -> {
                if (a.isEmpty()) {
                    model.remove(id);
                } else {
                    model.put(id, a);
                }
            });
            int[] count = new int[1];
            assertArrayEquals("round " + round, referenceRoot(model, count), tree.root());
            assertArrayEquals(update.root(), tree.root());
            assertEquals("stored nodes, round " + round, count[0], nodes.size());
        }
        assertTrue(model.size() > 100);
    }

    @Test
    public void theTreeDependsOnlyOnTheSetOfAccounts() {
        MemoryTreeNodes oneBatch = new MemoryTreeNodes();
        MemoryTreeNodes oneByOne = new MemoryTreeNodes();
        AccountTree a = new AccountTree(oneBatch);
        AccountTree b = new AccountTree(oneByOne);
        Map<AccountId, Account> all = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            all.put(id(i), new Account(i + 1, 0, null));
        }
        a.apply(a.prepare(all));
        for (int i = 199; i >= 0; i--) {
            b.apply(b.prepare(Map.of(id(i), new Account(i + 1, 0, null))));
            b.apply(b.prepare(Map.of(id(1000 + i), new Account(7, 0, null))));
        }
        for (int i = 0; i < 200; i++) {
            b.apply(b.prepare(Map.of(id(1000 + i), Account.EMPTY)));
        }
        assertArrayEquals(a.root(), b.root());
        assertEquals(oneBatch.all().keySet(), oneByOne.all().keySet());
    }

    @Test
    public void prepareChangesNothingUntilApplied() {
        MemoryTreeNodes nodes = new MemoryTreeNodes();
        AccountTree tree = new AccountTree(nodes);
        tree.apply(tree.prepare(Map.of(id(1), new Account(1, 0, null), id(2), new Account(2, 0, null))));
        byte[] before = tree.root();
        Map<TreePosition, TreeNode> stored = nodes.all();
        AccountTree.Update update = tree.prepare(Map.of(id(3), new Account(3, 0, null), id(1), Account.EMPTY));
        assertArrayEquals(before, tree.root());
        assertEquals(stored, nodes.all());
        assertFalse(Arrays.equals(before, update.root()));
    }

    @Test
    public void everyAccountHasAProofThatTheDocCheckerAccepts() {
        AccountTree tree = new AccountTree(new MemoryTreeNodes());
        Map<AccountId, Account> all = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            all.put(id(i), new Account(i + 1, i % 3, i % 5 == 0 ? id(i + 1) : null));
        }
        tree.apply(tree.prepare(all));
        byte[] root = tree.root();
        for (Map.Entry<AccountId, Account> e : all.entrySet()) {
            AccountTree.Proof proof = tree.prove(AccountTree.key(e.getKey()));
            assertArrayEquals(AccountTree.key(e.getKey()), proof.terminal().leafKey());
            assertTrue(DocProofChecker.includes(root, e.getKey().bytes(), e.getValue().encode(), proof.siblings()));
            // another balance, a sibling changed, a sibling dropped: all refused
            Account other = e.getValue().withBalance(e.getValue().balance() + 1);
            assertFalse(DocProofChecker.includes(root, e.getKey().bytes(), other.encode(), proof.siblings()));
            List<byte[]> tampered = new ArrayList<>(proof.siblings());
            byte[] s = tampered.get(tampered.size() - 1).clone();
            s[31] ^= 1;
            tampered.set(tampered.size() - 1, s);
            assertFalse(DocProofChecker.includes(root, e.getKey().bytes(), e.getValue().encode(), tampered));
            assertFalse(DocProofChecker.includes(root, e.getKey().bytes(), e.getValue().encode(),
                    proof.siblings().subList(1, proof.siblings().size())));
        }
        // a million-account tree is about log2(n) deep: here about 9, never near 256
        int deepest = all.keySet().stream().mapToInt(id -> tree.prove(AccountTree.key(id)).siblings().size()).max().orElseThrow();
        assertTrue("depth " + deepest, deepest < 30);
    }

    @Test
    public void anAbsentAccountEndsAtAnEmptySubtreeOrAnotherLeaf() {
        AccountTree tree = new AccountTree(new MemoryTreeNodes());
        Map<AccountId, Account> all = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            all.put(id(i), new Account(i + 1, 0, null));
        }
        tree.apply(tree.prepare(all));
        for (int i = 50; i < 150; i++) {
            AccountTree.Proof proof = tree.prove(AccountTree.key(id(i)));
            byte[] otherKey = proof.terminal() == null ? null : proof.terminal().leafKey();
            byte[] otherRecord = null;
            if (otherKey != null) {
                AccountId other = all.keySet().stream().filter(a -> Arrays.equals(AccountTree.key(a), otherKey)).findFirst().orElseThrow();
                otherRecord = all.get(other).encode();
                assertFalse(Arrays.equals(otherKey, AccountTree.key(id(i))));
            }
            assertArrayEquals(tree.root(), DocProofChecker.rootOf(id(i).bytes(), otherKey, otherRecord, proof.siblings()));
        }
        assertNull(new AccountTree(new MemoryTreeNodes()).prove(AccountTree.key(id(1))).terminal());
    }

    @Test
    public void layeredChangesCommitToWhatApplyingThemGives() {
        ChainState state = new ChainState();
        for (int i = 0; i < 100; i++) {
            state.put(id(i), new Account(10, 0, null));
        }
        StateChanges first = new StateChanges(state);
        first.put(id(1), Account.EMPTY);
        first.put(id(500), new Account(3, 0, null));
        StateChanges second = new StateChanges(first);
        second.put(id(500), Account.EMPTY);
        second.put(id(2), new Account(11, 1, null));
        byte[] expected = second.commitment();

        state.apply(first);
        StateChanges again = new StateChanges(state);
        again.put(id(500), Account.EMPTY);
        again.put(id(2), new Account(11, 1, null));
        assertArrayEquals(expected, again.commitment());
        state.apply(again);
        assertArrayEquals(expected, state.commitment());
        int[] count = new int[1];
        assertArrayEquals(referenceRoot(state.accounts(), count), state.accountsRoot());
    }

    /** A store that counts its reads, position by position. */
    private static final class CountingNodes implements TreeNodes {
        final MemoryTreeNodes nodes = new MemoryTreeNodes();
        final Map<TreePosition, Integer> reads = new HashMap<>();

        @Override
        public TreeNode get(TreePosition position) {
            reads.merge(position, 1, Integer::sum);
            return nodes.get(position);
        }

        @Override
        public void apply(Map<TreePosition, TreeNode> writes) {
            nodes.apply(writes);
        }
    }

    @Test
    public void anUpdateReadsEachNodeOnItsPathsOnceAndNoSibling() {
        CountingNodes counting = new CountingNodes();
        AccountTree tree = new AccountTree(counting);
        Random random = new Random(5);
        Map<AccountId, Account> all = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            all.put(id(i), new Account(i + 1, 0, null));
        }
        tree.apply(tree.prepare(all));
        for (int round = 0; round < 20; round++) {
            Map<AccountId, Account> changes = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                int n = random.nextInt(10_000);
                changes.put(id(n), n % 7 == 0 ? Account.EMPTY : new Account(round + 2, 1, null));
                all.put(id(n), changes.get(id(n)));
            }
            Map<TreePosition, TreeNode> storedBefore = counting.nodes.all();
            counting.reads.clear();
            AccountTree.Update update = tree.prepare(changes);
            // every node read is one the update rewrites (on a changed path), and none is read twice
            assertEquals(Map.of(), counting.reads.entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            assertTrue(update.writes().keySet().containsAll(counting.reads.keySet()));
            // what the update says each written position held is what the store held
            assertEquals(update.writes().keySet(), update.before().keySet());
            update.before().forEach((position, old) -> assertEquals(position.toString(), storedBefore.get(position), old));
            tree.apply(update);
            all.values().removeIf(Account::isEmpty);
            assertArrayEquals(referenceRoot(all, new int[1]), tree.root());
        }
        // a proof reads the nodes on the path only: the siblings' hashes come with them
        for (int i = 0; i < 200; i++) {
            counting.reads.clear();
            AccountTree.Proof proof = tree.prove(AccountTree.key(id(i)));
            int pathNodes = proof.siblings().size() + (proof.terminal() == null ? 0 : 1);
            assertEquals(Math.max(1, pathNodes), counting.reads.values().stream().mapToInt(Integer::intValue).sum());
        }
    }
}
