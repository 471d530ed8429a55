package org.qenex.chain.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.event.Event;
import org.qenex.api.event.QenexTopics;
import org.qenex.api.event.testing.RecordingEventAdmin;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

public class BlockEventsTest {

    @Test
    public void everyConnectedBlockIsPostedWithWhatItMinted() throws Exception {
        RecordingEventAdmin recorder = new RecordingEventAdmin("events from under the chain's lock must be asynchronous");
        ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());
        node.chain().addListener(new BlockEvents(() -> recorder, node.chain()::block));
        KeyPair contributor = TestChain.key(10);
        Block first = node.produceBlock(List.of(TestChain.proof(contributor, 10_000, "one")));
        Block second = node.produceBlock(List.of());

        assertEquals(2, recorder.posted().size());
        Event event = recorder.posted().get(0);
        assertEquals(QenexTopics.BLOCK, event.getTopic());
        assertEquals(1L, event.getProperty(QenexTopics.HEIGHT));
        assertEquals(first.hashHex(), event.getProperty(QenexTopics.HASH));
        assertEquals(first.header().timestampMillis(), event.getProperty(QenexTopics.TIME));
        assertEquals(0, event.getProperty(QenexTopics.TRANSACTIONS));
        assertEquals(node.minted(), event.getProperty(QenexTopics.MINTED));
        assertEquals(second.hashHex(), recorder.posted().get(1).getProperty(QenexTopics.HASH));
        assertEquals(0L, recorder.posted().get(1).getProperty(QenexTopics.MINTED));
    }

    @Test
    public void aBlockTheNodeJustMadeCarriesItsImportTimeAndNoOtherDoes() throws Exception {
        RecordingEventAdmin recorder = new RecordingEventAdmin("events from under the chain's lock must be asynchronous");
        ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());
        node.chain().addListener(new BlockEvents(() -> recorder, node.chain()::importElapsedNanos, Runnable::run, () -> true, node.chain()::block));
        node.produceBlock(List.of());

        assertEquals(1, recorder.posted().size());
        Object took = recorder.posted().get(0).getProperty(QenexTopics.IMPORT_NANOS);
        assertTrue("import time in nanoseconds: " + took, took instanceof Long nanos && nanos > 0 && nanos < 60_000_000_000L);
        // outside an import (e.g. a listener called from elsewhere) there is nothing to time
        assertEquals(-1L, node.chain().importElapsedNanos());
    }

    @Test
    public void eachConfirmedTransactionFollowsItsBlock() throws Exception {
        RecordingEventAdmin recorder = new RecordingEventAdmin("events from under the chain's lock must be asynchronous");
        Funded funded = funded();
        ChainNode node = funded.node();
        KeyPair alice = funded.alice();
        KeyPair bob = funded.bob();
        node.chain().addListener(new BlockEvents(() -> recorder, node.chain()::block));
        long fee = node.parameters().minFee();
        Transaction transfer = TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 1_000_000, fee, 0);
        Transaction adoption = TransactionCodec.setParent(TestChain.CHAIN_ID, bob, alice, fee, 0);
        node.submit(transfer.encoded());
        Block carrying = node.produceBlock(List.of());
        node.produceBlock(List.of());
        node.submit(adoption.encoded());
        Block adopting = node.produceBlock(List.of());

        assertEquals(List.of(QenexTopics.BLOCK, QenexTopics.TRANSACTION, QenexTopics.BLOCK, QenexTopics.BLOCK,
                QenexTopics.TRANSACTION), recorder.posted().stream().map(Event::getTopic).toList());
        Event sent = recorder.posted().get(1);
        assertEquals(transfer.idHex(), sent.getProperty(QenexTopics.ID));
        assertEquals(carrying.height(), sent.getProperty(QenexTopics.HEIGHT));
        assertEquals(carrying.hashHex(), sent.getProperty(QenexTopics.HASH));
        assertEquals(alice.account().address(), sent.getProperty(QenexTopics.FROM));
        assertEquals(bob.account().address(), sent.getProperty(QenexTopics.TO));
        assertEquals(1_000_000L, sent.getProperty(QenexTopics.AMOUNT));
        Event adopted = recorder.posted().get(4);
        assertEquals(adopting.hashHex(), adopted.getProperty(QenexTopics.HASH));
        assertEquals(bob.account().address(), adopted.getProperty(QenexTopics.FROM));
        assertEquals("a set-parent names the new parent", alice.account().address(), adopted.getProperty(QenexTopics.TO));
        assertEquals(0L, adopted.getProperty(QenexTopics.AMOUNT));
    }

    @Test
    public void eventsAreMadeByThePosterNotTheWriterAndKeepChainOrder() throws Exception {
        ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());
        RecordingEventAdmin recorder = new RecordingEventAdmin("events must be asynchronous");
        KeyPair alice = TestChain.key(10);
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "one")));
        List<Runnable> queued = new ArrayList<>();
        node.chain().addListener(new BlockEvents(() -> recorder, node.chain()::importElapsedNanos, queued::add, () -> true, node.chain()::block));
        Transaction transfer = TransactionCodec.transfer(TestChain.CHAIN_ID, alice, TestChain.key(11).account(), 1_000,
                node.parameters().minFee(), 0);
        node.submit(transfer.encoded());
        Block carrying = node.produceBlock(List.of());
        Block empty = node.produceBlock(List.of());

        assertEquals("nothing is made or posted on the writer's thread", 0, recorder.posted().size());
        assertEquals("one posting per head change", 2, queued.size());
        queued.forEach(Runnable::run);
        assertEquals(List.of(QenexTopics.BLOCK, QenexTopics.TRANSACTION, QenexTopics.BLOCK),
                recorder.posted().stream().map(Event::getTopic).toList());
        assertEquals(carrying.hashHex(), recorder.posted().get(0).getProperty(QenexTopics.HASH));
        assertEquals(carrying.hashHex(), recorder.posted().get(1).getProperty(QenexTopics.HASH));
        assertEquals(transfer.idHex(), recorder.posted().get(1).getProperty(QenexTopics.ID));
        assertEquals(empty.hashHex(), recorder.posted().get(2).getProperty(QenexTopics.HASH));
        Object took = recorder.posted().get(0).getProperty(QenexTopics.IMPORT_NANOS);
        assertTrue("the import time was read on the writer's thread: " + took, took instanceof Long nanos && nanos > 0);
    }

    /**
     * Without a handler of the transaction topic only the block's event is posted, and it carries
     * what each transaction's event would have: the node's event stream reads them there.
     */
    @Test
    public void withoutTransactionHandlersOnlyTheBlockIsPostedCarryingItsTransactions() throws Exception {
        RecordingEventAdmin recorder = new RecordingEventAdmin("events must be asynchronous");
        Funded funded = funded();
        ChainNode node = funded.node();
        boolean[] handlers = {false};
        node.chain().addListener(new BlockEvents(() -> recorder, () -> -1, Runnable::run, () -> handlers[0], node.chain()::block));
        long fee = node.parameters().minFee();
        Transaction first = TransactionCodec.transfer(TestChain.CHAIN_ID, funded.alice(), funded.bob().account(), 1_000, fee, 0);
        Transaction second = TransactionCodec.transfer(TestChain.CHAIN_ID, funded.alice(), funded.bob().account(), 2_000, fee, 1);
        node.submit(first.encoded());
        node.submit(second.encoded());
        Block carrying = node.produceBlock(List.of());

        assertEquals("no handler: no transaction event", List.of(QenexTopics.BLOCK),
                recorder.posted().stream().map(Event::getTopic).toList());
        List<?> confirmed = (List<?>) recorder.posted().get(0).getProperty(QenexTopics.CONFIRMED);
        assertEquals(2, confirmed.size());
        assertEquals("the same properties as the transaction's own event",
                properties(BlockEvents.confirmed(first, carrying.height(), carrying.hashHex())), confirmed.get(0));
        assertEquals(properties(BlockEvents.confirmed(second, carrying.height(), carrying.hashHex())), confirmed.get(1));

        // a handler appears: the next block's transactions are posted one by one again
        handlers[0] = true;
        Transaction third = TransactionCodec.transfer(TestChain.CHAIN_ID, funded.alice(), funded.bob().account(), 3_000, fee, 2);
        node.submit(third.encoded());
        node.produceBlock(List.of());
        assertEquals(List.of(QenexTopics.BLOCK, QenexTopics.BLOCK, QenexTopics.TRANSACTION),
                recorder.posted().stream().map(Event::getTopic).toList());
        assertEquals(third.idHex(), recorder.posted().get(2).getProperty(QenexTopics.ID));
    }

    /** The handlers the chain counts: the transaction topic by name or a QENEX wildcard that covers it; not catch-alls (Karaf's event:display). */
    @Test
    public void theTransactionHandlerFilterMatchesTheTopicAndItsWildcardsOnly() throws Exception {
        Filter filter = FrameworkUtil.createFilter(ChainNode.TRANSACTION_HANDLERS);
        for (String topic : List.of("org/qenex/chain/transaction", "org/qenex/chain/*", "org/qenex/*")) {
            assertTrue(topic, filter.matches(Map.of("event.topics", topic)));
            assertTrue(topic + " among others", filter.matches(Map.of("event.topics",
                    new String[] {"org/qenex/chain/block", topic})));
        }
        for (String topic : List.of("org/qenex/chain/block", "org/qenex/ai/version", "org/qenex/chain/transactions",
                "org/qenex/chain/transaction/more", "org/apache/karaf/login/*", "org/*", "*")) {
            assertFalse(topic, filter.matches(Map.of("event.topics", topic)));
        }
        assertFalse("a handler without topics hears nothing", filter.matches(Map.of("other", "x")));
    }

    private static Map<String, Object> properties(Event event) {
        Map<String, Object> properties = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            if (!name.equals("event.topics")) {
                properties.put(name, event.getProperty(name));
            }
        }
        return properties;
    }

    @Test
    public void aKeptBlockEventDoesNotKeepItsBlockAndStillGivesItsTransactions() throws Exception {
        // a handler that keeps events (the web console's Events tab keeps 250) must not keep their blocks
        RecordingEventAdmin recorder = new RecordingEventAdmin("events must be asynchronous");
        Funded funded = funded();
        ChainNode node = funded.node();
        node.chain().addListener(new BlockEvents(() -> recorder, node.chain()::block));
        Transaction transfer = TransactionCodec.transfer(TestChain.CHAIN_ID, funded.alice(), funded.bob().account(), 5_000,
                node.parameters().minFee(), 0);
        node.submit(transfer.encoded());
        node.produceBlock(List.of());
        node.produceBlock(List.of()); // the carrying block is no longer the head

        Event kept = recorder.on(QenexTopics.BLOCK).get(0);
        BlockEvents.Confirmed confirmed = (BlockEvents.Confirmed) kept.getProperty(QenexTopics.CONFIRMED);
        for (int i = 0; i < 100 && confirmed.holdsBlock(); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertFalse("the event still holds its block in memory", confirmed.holdsBlock());
        assertEquals(1, confirmed.size());
        assertEquals("read back from the chain by hash", transfer.idHex(), confirmed.get(0).get(QenexTopics.ID));
        assertEquals(funded.bob().account().address(), confirmed.get(0).get(QenexTopics.TO));
        assertTrue(confirmed.holdsBlock());
    }

    @Test
    public void withoutEventAdminNothingFails() throws Exception {
        ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());
        node.chain().addListener(new BlockEvents(() -> null, node.chain()::block));
        assertEquals(1, node.produceBlock(List.of()).height());
    }

    /** A node whose first block rewarded {@code alice}, so she can pay {@code bob}. */
    private record Funded(ChainNode node, KeyPair alice, KeyPair bob) {
    }

    private static Funded funded() throws Exception {
        ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());
        KeyPair alice = TestChain.key(10);
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "one")));
        return new Funded(node, alice, TestChain.key(11));
    }
}
