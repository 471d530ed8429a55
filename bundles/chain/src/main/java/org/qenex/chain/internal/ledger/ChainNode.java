package org.qenex.chain.internal.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.storage.Store;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockCodec;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.consensus.ChainException;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.ProofCheck;
import org.qenex.chain.internal.consensus.SignatureCache;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.mempool.DurablePool;
import org.qenex.chain.internal.mempool.Mempool;
import org.qenex.chain.internal.production.BlockAssembler;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.LedgerView;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/** The ledger's parts wired together over one {@link Store}: used by the DS component and by tests alike. */
public final class ChainNode implements Ledger {

    /** Sizes that are not consensus parameters. */
    public record Limits(int mempoolTransactions, int mempoolPerSender, int signatureCache) {
        public static final Limits DEFAULT = new Limits(50_000, 256, 200_000);
    }

    private final ChainParameters params;
    private final KeyPair nodeKey;
    private final ProofCheck proofs;
    private final LongSupplier clock;
    private final Blockchain chain;
    private final DurablePool pool;
    private final Mempool mempool;
    private final BlockAssembler assembler;

    public ChainNode(ChainParameters params, Store store, KeyPair nodeKey, ProofCheck proofs, LongSupplier clock, Limits limits) {
        this.params = params;
        this.nodeKey = nodeKey;
        this.proofs = proofs;
        this.clock = clock;
        BlockRules rules = new BlockRules(params, new SignatureCache(limits.signatureCache()));
        ChainDatabase db = new ChainDatabase(store);
        this.chain = new Blockchain(params, db, rules, proofs, clock);
        this.pool = new DurablePool(store, db.mempool());
        this.mempool = new Mempool(chain, pool, limits.mempoolTransactions(), limits.mempoolPerSender());
        this.assembler = new BlockAssembler(rules, nodeKey);
    }

    /** Opens the chain (see {@link Blockchain#open()}) and reloads the stored mempool (see {@link Mempool#restore()}). */
    public String open() {
        String note = chain.open();
        return note + "; " + mempool.restore();
    }

    /** Stores what the mempool has queued (deletes ride with the next admission otherwise): call before closing the store. */
    public void flush() {
        pool.flush();
    }

    public Blockchain chain() {
        return chain;
    }

    public Mempool mempool() {
        return mempool;
    }

    @Override
    public ChainParameters parameters() {
        return params;
    }

    @Override
    public Block head() {
        return chain.head();
    }

    @Override
    public Optional<Block> blockAt(long height) {
        return chain.blockAt(height);
    }

    @Override
    public Optional<Block> block(byte[] hash) {
        return chain.block(hash);
    }

    @Override
    public Optional<TransactionLocation> transaction(byte[] id) {
        return chain.transaction(id);
    }

    @Override
    public boolean isPending(byte[] id) {
        return mempool.contains(id);
    }

    @Override
    public AccountSummary account(AccountId id) {
        record Snapshot(Account account, long pending) {
        }
        // one read under the chain's lock: a block connected between reading the nonce and counting the
        // pending would leave its transactions out of both, and a wallet would reuse a nonce
        Snapshot now = chain.read(state -> new Snapshot(state.account(id), mempool.pendingCount(id)));
        Account account = now.account();
        return new AccountSummary(id, account.balance(), account.nonce() + now.pending(), account.nonce(), account.parent(),
                chain.children(id, 1_000));
    }

    @Override
    public byte[] submit(byte[] encoded) throws ChainException {
        Transaction tx = TransactionCodec.decode(encoded, params.maxTransactionBytes());
        mempool.admit(tx);
        return tx.id();
    }

    @Override
    public long minted() {
        return chain().minted();
    }

    public int mempoolSize() {
        return mempool.size();
    }

    @Override
    public Block produceBlock(List<ImprovementProof> candidates) throws ChainException {
        List<Transaction> rejected = new ArrayList<>();
        Block block = chain.produce((state, head) -> assembler.assemble(state, head,
                mempool.select(assembler.transactionBudget()), candidates, proofs, clock.getAsLong(), rejected));
        rejected.forEach(mempool::remove);
        return block;
    }

    @Override
    public ImportOutcome importBlock(byte[] encoded) throws ChainException {
        return chain.importBlock(BlockCodec.decode(encoded, params.maxBlockBytes(), params.maxTransactionBytes()));
    }

    @Override
    public boolean verifyProof(ImprovementProof proof) {
        return proofs.verified(proof);
    }

    @Override
    public boolean isRewarded(String proofId) {
        return chain.read(state -> state.isRewarded(proofId));
    }

    @Override
    public boolean isSpent(ImprovementProof proof) {
        return chain.read(state -> state.isRewarded(proof.id()) || state.hasRewardedChild(proof.parentVersionHash())
                || state.rewardedVersion(proof.versionHash()).isPresent()
                || state.isFingerprintRewarded(proof.predictionFingerprint()));
    }

    @Override
    public String modelTip() {
        return chain.read(LedgerView::modelTip);
    }

    @Override
    public VerifyReport verify() {
        return chain.verify();
    }

    @Override
    public AccountId nodeAccount() {
        return nodeKey.account();
    }
}
