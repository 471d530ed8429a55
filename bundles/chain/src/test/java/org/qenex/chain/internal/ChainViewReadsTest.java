package org.qenex.chain.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.block.Block;

/**
 * The {@link org.qenex.api.chain.ChainView} reads that health checks, the network's status and its
 * handshakes make (height, head hash, genesis hash) answer while a writer holds the chain's write
 * lock: a listener runs under it, as every step of a reorganisation does, and asks them from
 * another thread. Before, that thread waited for the lock (and the genesis hash for a store read
 * behind the block's commit). They answer with the head just published.
 */
public class ChainViewReadsTest {

    @Test
    public void heightHeadAndGenesisAnswerWhileTheWriteLockIsHeld() throws Exception {
        TestChain.Clock clock = new TestChain.Clock();
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        String genesis = node.genesisHash();
        AtomicReference<String> seenUnderTheLock = new AtomicReference<>();
        node.chain().addListener((disconnected, connected) -> {
            try {
                seenUnderTheLock.set(CompletableFuture.supplyAsync(() -> node.height() + " " + node.headHash() + " "
                        + node.genesisHash()).get(5, TimeUnit.SECONDS));
            } catch (Exception e) {
                seenUnderTheLock.set("no answer while the write lock was held: " + e);
            }
        });

        Block block = node.produceBlock(List.of());

        assertEquals("1 " + block.hashHex() + " " + genesis, seenUnderTheLock.get());
        assertEquals(1, node.height());
        assertEquals(block.hashHex(), node.headHash());
    }
}
