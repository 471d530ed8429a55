package org.qenex.chain.internal.ledger;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.qenex.api.storage.Namespace;
import org.qenex.chain.internal.state.TreeNode;
import org.qenex.chain.internal.state.TreeNodes;
import org.qenex.chain.internal.state.TreePage;
import org.qenex.chain.internal.state.TreePosition;

/**
 * The account tree's nodes in {@code chain.tree.pages}, four levels to a record ({@link TreePage}),
 * behind two {@link HeadCache}s of pages: the chain's batches write the pages a block changed with
 * the block, and pin the old ones until the state applies the update. Readers (proofs) and the
 * writer (preparing the next block) read at once.
 *
 * <p>The upper pages are on every path, so they have a cache of their own that holds all of them
 * and that the paths of one block's thousands of accounts cannot evict: the first four levels of
 * pages (the tree's upper 16 levels, 4,369 pages) when the cache holds 40,000. The pages below
 * share a least-recently-used cache, which should hold the pages one block reads: the batch
 * rewrites them whole, so a page evicted between the commitment and the batch is read again. A
 * tree of a million accounts is about 21 levels deep, so a changed account's path then costs
 * about two store reads (one per page below the cached ones).
 */
final class StoredTreeNodes implements TreeNodes {

    /** The pages an update rewrites, before and after it ({@code null}: empty, so absent from the store). */
    record PageWrites(Map<TreePosition, TreePage> before, Map<TreePosition, TreePage> after) {
    }

    private final Namespace<byte[], byte[]> namespace;
    private final int upperDepth;
    private final HeadCache<TreePosition, TreePage> upper;
    private final HeadCache<TreePosition, TreePage> lower;
    private final AtomicLong loads = new AtomicLong();

    /** {@code cachePages} pages in all: the upper levels take whole levels of pages, at most an eighth of them. */
    StoredTreeNodes(Namespace<byte[], byte[]> namespace, int cachePages) {
        this.namespace = namespace;
        int levels = 0;
        int upperPages = 0;
        int nextLevel = 1;
        while (upperPages + nextLevel <= cachePages / 8) {
            upperPages += nextLevel;
            nextLevel *= 1 << TreePage.LEVELS;
            levels++;
        }
        this.upperDepth = levels * TreePage.LEVELS;
        this.upper = new HeadCache<>(Math.max(1, upperPages));
        this.lower = new HeadCache<>(Math.max(1, cachePages - upperPages));
    }

    /** Pages read from the store since this was made (for benchmarks). */
    long loads() {
        return loads.get();
    }

    @Override
    public TreeNode get(TreePosition position) {
        TreePage page = page(TreePage.rootOf(position));
        return page == null ? null : page.get(position);
    }

    private TreePage page(TreePosition root) {
        return cacheOf(root).get(root, this::load);
    }

    private HeadCache<TreePosition, TreePage> cacheOf(TreePosition root) {
        return root.depth() < upperDepth ? upper : lower;
    }

    private TreePage load(TreePosition root) {
        loads.incrementAndGet();
        return namespace.get(root.encode()).map(bytes -> TreePage.decode(root, bytes)).orElse(null);
    }

    /** The pages {@code writes} change: the current ones (cached, pinned or read) and those with the writes made. */
    PageWrites pages(Map<TreePosition, TreeNode> writes) {
        Map<TreePosition, Map<TreePosition, TreeNode>> byPage = new HashMap<>();
        writes.forEach((position, node) -> byPage.computeIfAbsent(TreePage.rootOf(position), r -> new HashMap<>()).put(position, node));
        Map<TreePosition, TreePage> before = new HashMap<>();
        Map<TreePosition, TreePage> after = new HashMap<>();
        byPage.forEach((root, pageWrites) -> {
            TreePage old = page(root);
            TreePage now = (old == null ? TreePage.empty(root) : old).with(pageWrites);
            before.put(root, old);
            after.put(root, now.isEmpty() ? null : now);
        });
        return new PageWrites(before, after);
    }

    /** Pins the pages an update writes to what they held before it, before its batch is committed. */
    void pin(PageWrites pages) {
        Map<TreePosition, TreePage> upperOld = new HashMap<>();
        Map<TreePosition, TreePage> lowerOld = new HashMap<>();
        pages.before().forEach((root, page) -> (cacheOf(root) == upper ? upperOld : lowerOld).put(root, page));
        upper.pinKnown(upperOld);
        lower.pinKnown(lowerOld);
    }

    void unpin() {
        upper.unpin();
        lower.unpin();
    }

    /** The update's batch is committed: its pages (made from the pinned ones, so nothing is read) replace the pins. */
    @Override
    public void apply(Map<TreePosition, TreeNode> writes) {
        Map<TreePosition, TreePage> upperNew = new HashMap<>();
        Map<TreePosition, TreePage> lowerNew = new HashMap<>();
        pages(writes).after().forEach((root, page) -> (cacheOf(root) == upper ? upperNew : lowerNew).put(root, page));
        upper.apply(upperNew);
        lower.apply(lowerNew);
    }

    /** Forgets the cache (after the stored tree was rewritten). */
    void forget() {
        upper.clear();
        lower.clear();
    }
}
