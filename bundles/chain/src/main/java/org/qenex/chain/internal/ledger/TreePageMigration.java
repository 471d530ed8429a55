package org.qenex.chain.internal.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.KeyValue;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.Store;
import org.qenex.chain.internal.state.TreeNode;
import org.qenex.chain.internal.state.TreePage;
import org.qenex.chain.internal.state.TreePosition;

/**
 * Rewrites an account tree stored one node to a record ({@code chain.tree}, form 2: what versions
 * before the pages wrote) into pages of four levels ({@code chain.tree.pages}), reading the old
 * records in key order and holding only a slice of them at a time: the key starts with the depth,
 * so the four depths of a level of pages are read one after the other, sliced by the first byte
 * of the path (the levels above depth 8, at most 255 nodes, in one slice). No block is replayed,
 * nothing is hashed but the pages' own upper levels; the state is checked against the head's
 * commitment afterwards, as at every start.
 *
 * <p>The pages go in several batches and the last marks the tree as paged, so a crash part way
 * leaves the old tree in use and the migration runs again: it first deletes what pages an
 * interrupted run left.
 */
final class TreePageMigration {

    /** Where form 2 kept the tree. */
    static final String NODE_FORM_NAMESPACE = "chain.tree";
    private static final int SCAN = 4_096;

    /** How many old nodes became how many pages. */
    record Result(long nodes, long pages) {
    }

    private final Store store;
    private final Namespace<byte[], byte[]> pages;

    TreePageMigration(Store store, Namespace<byte[], byte[]> pages) {
        this.store = store;
        this.pages = pages;
    }

    /** Migrates; {@code markDone} adds to the last batch what says the tree is paged. */
    Result run(Consumer<Batch> markDone) {
        Namespace<byte[], byte[]> nodes = store.namespace(NODE_FORM_NAMESPACE, Codecs.BYTES, Codecs.BYTES);
        ChunkedBatches batches = new ChunkedBatches(store);
        deleteLeftovers(batches);
        long nodeCount = 0;
        long pageCount = 0;
        for (int top = 0; top < 256; top += TreePage.LEVELS) {
            long before = nodeCount;
            for (int slice = 0; slice < (top < 8 ? 1 : 256); slice++) {
                Map<TreePosition, Map<TreePosition, TreeNode>> byPage = new HashMap<>();
                for (int depth = top; depth < top + TreePage.LEVELS; depth++) {
                    for (KeyValue<byte[], byte[]> kv : scan(nodes, depth, top < 8 ? -1 : slice)) {
                        TreePosition position = TreePosition.decode(kv.key());
                        byPage.computeIfAbsent(TreePage.rootOf(position), r -> new HashMap<>()).put(position, TreeNode.decode(kv.value()));
                        nodeCount++;
                    }
                }
                for (Map.Entry<TreePosition, Map<TreePosition, TreeNode>> e : byPage.entrySet()) {
                    batches.next().put(pages, e.getKey().encode(), TreePage.empty(e.getKey()).with(e.getValue()).encode());
                    pageCount++;
                }
            }
            if (nodeCount == before) {
                break; // a level of pages with nothing: the tree has nothing deeper
            }
        }
        markDone.accept(batches.next());
        batches.commit();
        return new Result(nodeCount, pageCount);
    }

    /** The old records at {@code depth} whose path starts with the byte {@code slice} (-1: all of them). */
    private static List<KeyValue<byte[], byte[]>> scan(Namespace<byte[], byte[]> nodes, int depth, int slice) {
        byte[] from = slice < 0 ? new byte[] {(byte) depth} : new byte[] {(byte) depth, (byte) slice};
        byte[] to;
        if (slice >= 0 && slice < 255) {
            to = new byte[] {(byte) depth, (byte) (slice + 1)};
        } else {
            to = depth == 255 ? null : new byte[] {(byte) (depth + 1)};
        }
        List<KeyValue<byte[], byte[]>> all = new ArrayList<>();
        while (true) {
            List<KeyValue<byte[], byte[]>> part = nodes.range(from, to, SCAN);
            all.addAll(part);
            if (part.size() < SCAN) {
                return all;
            }
            byte[] last = part.get(part.size() - 1).key();
            from = Arrays.copyOf(last, last.length + 1);
        }
    }

    private void deleteLeftovers(ChunkedBatches batches) {
        byte[] from = null;
        while (true) {
            List<KeyValue<byte[], byte[]>> part = pages.range(from, null, SCAN);
            part.forEach(kv -> batches.next().delete(pages, kv.key()));
            if (part.size() < SCAN) {
                break;
            }
            byte[] last = part.get(part.size() - 1).key();
            from = Arrays.copyOf(last, last.length + 1);
        }
        batches.commit();
    }
}
