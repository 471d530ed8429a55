package org.qenex.chain.internal.state;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.Test;
import org.qenex.chain.internal.crypto.AccountId;

/**
 * Pages of four levels hold exactly the tree's nodes: every node is found in its page after the
 * page is stored and read back, pages kept up to date by the updates' writes equal the pages of the
 * tree as it is, and a stored form that does not describe a page is refused.
 */
public class TreePageTest {

    private static AccountId id(int n) {
        byte[] b = new byte[AccountId.LENGTH];
        b[0] = (byte) (n >>> 24);
        b[1] = (byte) (n >>> 16);
        b[2] = (byte) (n >>> 8);
        b[3] = (byte) n;
        return AccountId.of(b);
    }

    private static MemoryTreeNodes tree(int accounts) {
        MemoryTreeNodes nodes = new MemoryTreeNodes();
        AccountTree tree = new AccountTree(nodes);
        Map<AccountId, Account> all = new HashMap<>();
        for (int i = 0; i < accounts; i++) {
            all.put(id(i), new Account(i + 1, i % 4, i % 7 == 0 ? id(i + 1) : null));
        }
        tree.apply(tree.prepare(all));
        return nodes;
    }

    private static Map<TreePosition, TreePage> storedAndRead(Map<TreePosition, TreePage> pages) {
        Map<TreePosition, TreePage> read = new HashMap<>();
        pages.forEach((root, page) -> read.put(root, TreePage.decode(root, page.encode())));
        return read;
    }

    @Test
    public void everyNodeIsInItsPageAfterAStoreAndARead() {
        Map<TreePosition, TreeNode> all = tree(3_000).all();
        Map<TreePosition, TreePage> pages = storedAndRead(TreePage.paged(all));
        Map<TreePosition, TreeNode> found = new HashMap<>();
        pages.values().forEach(page -> page.forEach(found::put));
        assertEquals(all, found);
        all.forEach((position, node) -> assertEquals(node, pages.get(TreePage.rootOf(position)).get(position)));
        // the upper levels are full: 1 + 16 + 256 pages hold the first 12 levels
        assertEquals(273, pages.keySet().stream().filter(root -> root.depth() < 12).count());
        assertTrue(pages.size() + " pages for " + all.size() + " nodes", pages.size() * 3 < all.size());
        // a leaf stores its id and hash, an internal node of the fourth level its children's hashes, the levels above nothing
        TreePage full = pages.get(TreePosition.ROOT);
        assertEquals(5 + 8 * 65, full.encode().length);
    }

    @Test
    public void pagesKeptByTheWritesOfEachUpdateAreThePagesOfTheTree() {
        Random random = new Random(3);
        MemoryTreeNodes nodes = new MemoryTreeNodes();
        AccountTree tree = new AccountTree(nodes);
        Map<TreePosition, TreePage> pages = new HashMap<>();
        for (int round = 0; round < 200; round++) {
            Map<AccountId, Account> batch = new HashMap<>();
            for (int i = 0, n = 1 + random.nextInt(60); i < n; i++) {
                // a third removals, so that pages empty out as often as they fill
                batch.put(id(random.nextInt(600)), random.nextInt(3) == 0 ? Account.EMPTY : new Account(1 + random.nextInt(99), 0, null));
            }
            AccountTree.Update update = tree.prepare(batch);
            Map<TreePosition, Map<TreePosition, TreeNode>> byPage = new HashMap<>();
            update.writes().forEach((p, node) -> byPage.computeIfAbsent(TreePage.rootOf(p), r -> new HashMap<>()).put(p, node));
            byPage.forEach((root, writes) -> {
                TreePage now = pages.getOrDefault(root, TreePage.empty(root)).with(writes);
                if (now.isEmpty()) {
                    pages.remove(root);
                } else {
                    pages.put(root, TreePage.decode(root, now.encode()));
                }
            });
            tree.apply(update);
            assertEquals("round " + round, TreePage.paged(nodes.all()), pages);
        }
    }

    @Test
    public void aPositionIsFoundOnlyInItsOwnPage() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0xA5);
        TreePosition deep = TreePosition.of(10, key);
        assertEquals(TreePosition.of(8, key), TreePage.rootOf(deep));
        assertTrue(deep.startsWith(TreePosition.of(8, key)));
        assertTrue(!deep.startsWith(TreePosition.of(8, new byte[32])));
        assertNull(TreePage.empty(TreePosition.of(8, key)).get(deep));
        for (TreePosition elsewhere : new TreePosition[] {TreePosition.of(12, key), TreePosition.of(7, key), TreePosition.of(10, new byte[32])}) {
            try {
                TreePage.empty(TreePosition.of(8, key)).get(elsewhere);
                fail(elsewhere.toString());
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("not in the page"));
            }
        }
    }

    @Test
    public void aStoredFormThatIsNoPageIsRefused() {
        Map<TreePosition, TreePage> pages = TreePage.paged(tree(40).all());
        byte[] good = pages.get(TreePosition.ROOT).encode();
        byte[] otherForm = good.clone();
        otherForm[0] = 2;
        byte[] nodeUnderNothing = good.clone();
        nodeUnderNothing[2] &= ~1; // slot 0 (the root) said empty, its children still there
        byte[] leafFlagOutsidePresent = good.clone();
        leafFlagOutsidePresent[3] = (byte) 0x80;
        leafFlagOutsidePresent[1] = 0;
        for (byte[] bad : new byte[][] {otherForm, Arrays.copyOf(good, good.length - 1), Arrays.copyOf(good, good.length + 1),
                nodeUnderNothing, leafFlagOutsidePresent, new byte[0]}) {
            try {
                TreePage.decode(TreePosition.ROOT, bad);
                fail(Arrays.toString(Arrays.copyOf(bad, 5)));
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("page"));
            }
        }
    }
}
