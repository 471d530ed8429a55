package org.qenex.chain.internal.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.CommitCountingStore;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockCodec;
import org.qenex.chain.internal.block.BlockHeader;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.SignatureCache;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.crypto.Sha256;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.StateChanges;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/**
 * A block is stored in one batch, which the store refuses beyond {@link Store#MAX_BATCH_OPERATIONS}
 * ({@link MemoryStore} refuses it as the node's store does): the largest block the chain's
 * parameters allow, every transfer between two accounts no other transfer touches, must fit, or a
 * node could not store a valid block. With one tree record per node it did not, from about 200,000
 * accounts on; with pages of four levels it does with room to spare.
 */
public class BlockBatchLimitTest {

    private static final int ACCOUNTS = 200_000;
    private static final int FILL = 20_000;

    private final CommitCountingStore store = new CommitCountingStore(new MemoryStore());
    private final Blockchain chain = new Blockchain(TestChain.params(), new ChainDatabase(store),
            new BlockRules(TestChain.params(), new SignatureCache(1_000)), TestChain.VERIFIER, () -> Long.MAX_VALUE / 2);
    private long clock = TestChain.GENESIS_TIME;

    private static AccountId account(long i) {
        return AccountId.of(Arrays.copyOf(Sha256.hash(ByteBuffer.allocate(8).putLong(i).array()), AccountId.LENGTH));
    }

    /** A block with {@code txs} whose state changes are {@code changed}, made through {@link Blockchain#produce}; returns its changes. */
    private StateChanges produce(List<Transaction> txs, List<AccountId> changed) throws Exception {
        AtomicReference<StateChanges> made = new AtomicReference<>();
        chain.produce((state, head) -> {
            StateChanges changes = new StateChanges(state);
            for (AccountId id : changed) {
                changes.put(id, changes.account(id).credit(1));
            }
            clock += 5_000;
            BlockHeader header = new BlockHeader(TestChain.CHAIN_ID, head.height() + 1, head.hash(), clock, Block.txRoot(txs),
                    Block.mintRoot(List.of()), changes.commitment(), TestChain.validator().publicKey(), txs.size(), 0);
            made.set(changes);
            return new AssembledBlock(BlockCodec.seal(header, TestChain.validator(), txs, List.of()), changes);
        });
        return made.get();
    }

    @Test
    public void theLargestBlockTheParametersAllowFitsOneStoreBatch() throws Exception {
        chain.open();
        for (int from = 0; from < ACCOUNTS; from += FILL) {
            List<AccountId> fresh = new ArrayList<>();
            for (int i = from; i < from + FILL; i++) {
                fresh.add(account(i));
            }
            produce(List.of(), fresh);
        }

        // as many transfers as the largest block holds at their smallest (a chain id of one character), between distinct accounts
        KeyPair sender = TestChain.key(3);
        int smallest = TransactionCodec.transfer("q", sender, account(0), 1, 1, 0).encoded().length;
        int transfers = ChainParameters.MAX_BLOCK_BYTES / smallest;
        List<Transaction> txs = new ArrayList<>();
        List<AccountId> changed = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
            txs.add(TransactionCodec.transfer(TestChain.CHAIN_ID, sender, account(2L * i + 1), 1, 1_000, i));
            changed.add(account(2L * i));
            changed.add(account(2L * i + 1));
        }
        changed.add(AccountId.ofPublicKey(TestChain.validator().publicKey()));
        store.largestBatch.set(0);
        StateChanges worst = produce(txs, changed);

        long operations = store.largestBatch.get();
        int treeNodes = worst.treeUpdate().writes().size();
        // the batch: the block, its height, undo and head, the transactions' index entries, the accounts, the tree's pages, supply and tip
        long pages = operations - txs.size() - changed.size() - 6;
        System.out.printf("largest block at %d accounts: %d transfers, %d changed accounts, %d tree nodes in %d pages, %d operations%n",
                ACCOUNTS, transfers, changed.size(), treeNodes, pages, operations);
        assertEquals(2 * transfers + 1, worst.accounts().size());
        assertTrue(operations + " operations", operations < Store.MAX_BATCH_OPERATIONS * 6 / 10);
        assertTrue("one record per node would have been " + (operations - pages + treeNodes) + " operations",
                operations - pages + treeNodes > Store.MAX_BATCH_OPERATIONS);
        assertTrue(pages + " pages for " + treeNodes + " nodes", pages * 3 < treeNodes);
        assertEquals(ACCOUNTS + 1, chain.accounts().size());
    }

    @Test
    public void aChainWhoseBlocksCouldOutgrowABatchIsRefused() {
        ChainParameters d = TestChain.params();
        try {
            new ChainParameters(d.chainId(), d.genesisTimeMillis(), d.validators(), d.blockIntervalMillis(),
                    ChainParameters.MAX_BLOCK_BYTES + 1, d.maxTransactionBytes(), d.minFee(), d.finalityDepth(),
                    d.maxFutureDriftMillis(), d.baseReward(), d.maxSupply(), d.parentShareBasisPoints(), d.fullRewardGainPpm(),
                    d.minGainPpm());
            fail("a block over 1 MiB");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("one store batch"));
        }
    }
}
