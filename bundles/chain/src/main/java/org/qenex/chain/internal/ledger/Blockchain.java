package org.qenex.chain.internal.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockCodec;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.MintRules;
import org.qenex.chain.internal.consensus.ProofCheck;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.AccountTree;
import org.qenex.chain.internal.state.ChainState;
import org.qenex.chain.internal.state.LedgerView;
import org.qenex.chain.internal.state.StateChanges;
import org.qenex.chain.internal.state.StateCommitment;
import org.qenex.chain.internal.state.TreeNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main chain and its state: imports blocks, keeps side branches, switches to a heavier branch
 * (at most {@code finalityDepth} blocks back), and restores a consistent state at start.
 *
 * <p>Fork choice ({@link ForkChoice}): the heavier branch wins, in-turn blocks weighing 2 and
 * out-of-turn ones 1; at equal weight, the tip in the earlier slot, then the lower hash. A block is final once
 * {@code finalityDepth} blocks are on top of it: no reorganisation reaches below that.
 *
 * <p>Thread safety: writers (open, import, produce) take the {@code writer} lock, one at a time.
 * A writer validates, executes and persists a block while queries and mempool admission go on
 * under the read lock; it takes the write lock only to publish the result (state, head,
 * listeners), or for the whole of a reorganisation. Only writers change {@code state} and
 * {@code head}, so a writer reads them without the read lock. The helpers take none of these
 * locks and never assign the head: {@link StateRecovery} fills the state {@link #open()} hands it
 * under both locks, and {@link Reorganisation} only plans a switch that this class carries out.
 */
public final class Blockchain {

    private static final Logger LOG = LoggerFactory.getLogger(Blockchain.class);

    private final ChainParameters params;
    private final ChainDatabase db;
    private final BlockRules rules;
    private final ProofCheck proofs;
    private final LongSupplier clock;
    private final StoredBlocks blocks;
    private final InvalidBlocks invalid = new InvalidBlocks();
    private final IncomingBlockCheck incoming;
    private final ChainListeners listeners = new ChainListeners();
    private final StateRecovery recovery;
    private final Reorganisation reorganisation;
    private final ChainVerifier verifier;
    private final ForkChoice forkChoice;
    private final ReentrantLock writer = new ReentrantLock();
    /** When the writer took the block being imported or produced (System.nanoTime); -1 otherwise. Guarded by {@code writer}. */
    private long importStarted = -1;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ChainState state;
    /**
     * Changed only by a writer, under the write lock; volatile so that the store-free look-ups of
     * the newest block ({@link #block}, {@link IncomingBlockCheck}) may read it without a lock.
     */
    private volatile Block head;
    private String startupNote = "not opened";

    public Blockchain(ChainParameters params, ChainDatabase db, BlockRules rules, ProofCheck proofs, LongSupplier clock) {
        this.params = params;
        this.db = db;
        this.rules = rules;
        this.proofs = proofs;
        this.clock = clock;
        this.blocks = new StoredBlocks(db);
        this.incoming = new IncomingBlockCheck(db, blocks, rules, clock, invalid, () -> head);
        this.recovery = new StateRecovery(params, db, blocks, rules);
        this.reorganisation = new Reorganisation(db, blocks, invalid, params, rules, proofs, clock);
        this.verifier = new ChainVerifier(params, blocks, rules, proofs);
        this.forkChoice = new ForkChoice(blocks, rules.schedule());
        this.state = new ChainState(db.treeNodes(), db.accountRecords());
    }

    /**
     * Loads the head and state, or stores genesis on a new chain. Rebuilds the state from the
     * blocks when it does not match the head's commitment, and finishes a reorganisation a crash
     * interrupted.
     *
     * @return what was found, for the log and incidents
     */
    public String open() {
        writer.lock();
        lock.writeLock().lock();
        try {
            Optional<Block> stored = recovery.storedHead();
            if (stored.isEmpty()) {
                head = recovery.startNewChain(state);
                startupNote = "new chain " + params.chainId() + ", genesis " + head.hashHex();
                return startupNote;
            }
            head = stored.get();
            startupNote = recovery.restoreState(head, state);
            Optional<Block> target = recovery.interruptedTarget(head);
            if (target.isPresent()) {
                startupNote += finishReorganisation(target.get());
            }
            return startupNote;
        } finally {
            lock.writeLock().unlock();
            writer.unlock();
        }
    }

    public String startupNote() {
        return startupNote;
    }

    public ChainParameters parameters() {
        return params;
    }

    public BlockRules rules() {
        return rules;
    }

    public void addListener(ChainListener listener) {
        listeners.add(listener);
    }

    public Block head() {
        return underReadLock(() -> head);
    }

    /** Runs {@code query} on the committed state under the read lock. */
    public <T> T read(Function<LedgerView, T> query) {
        return underReadLock(() -> query.apply(state));
    }

    public byte[] stateCommitment() {
        return read(LedgerView::commitment);
    }

    public long minted() {
        return read(LedgerView::minted);
    }

    /** Every account with a balance, nonce or parent, in id order. */
    public Map<AccountId, Account> accounts() {
        return underReadLock(state::accounts);
    }

    /** The sum of all balances: always {@link #minted()}, since fees only move units. */
    public long totalBalance() {
        return underReadLock(state::totalBalance);
    }

    public Account account(AccountId id) {
        return read(s -> s.account(id));
    }

    /** An account's proof against the head's state commitment, head and state read at one moment. */
    public AccountProof accountProof(AccountId id) {
        return underReadLock(() -> {
            AccountTree.Proof path = state.prove(id);
            TreeNode end = path.terminal();
            AccountId other = end == null || end.account().equals(id) ? null : end.account();
            return new AccountProof(head, id, state.account(id), StateCommitment.partsOf(state), path.siblings(), other,
                    other == null ? null : state.account(other));
        });
    }

    public List<AccountId> children(AccountId id, int limit) {
        return db.children(id, limit);
    }

    public Optional<Block> blockAt(long height) {
        return blocks.atHeight(height);
    }

    public Optional<Block> block(byte[] hash) {
        // The block just imported is the one asked for most (the relay checks what it stored): from
        // memory, it neither waits for the store's apply of that block's batch nor decodes it again.
        Block newest = head;
        if (newest != null && Arrays.equals(newest.hash(), hash)) {
            return Optional.of(newest);
        }
        return blocks.byHash(hash);
    }

    /** The main chain's hashes from {@code fromHeight} on, at most {@code max}, under the read lock (no reorganisation between). */
    public List<byte[]> mainChainHashes(long fromHeight, int max) {
        return underReadLock(() -> {
            List<byte[]> hashes = new ArrayList<>();
            for (long h = Math.max(0, fromHeight); h <= head.height() && hashes.size() < max; h++) {
                hashes.add(db.hashAt(h).orElseThrow(() -> new IllegalStateException("no main-chain block at a height below the head")));
            }
            return hashes;
        });
    }

    /** The main chain's hashes at the heights {@code heights} picks for the head's height, under the read lock. */
    public List<byte[]> mainChainHashesAt(LongFunction<long[]> heights) {
        return underReadLock(() -> {
            List<byte[]> hashes = new ArrayList<>();
            for (long h : heights.apply(head.height())) {
                hashes.add(db.hashAt(h).orElseThrow(() -> new IllegalArgumentException("no main-chain block at " + h)));
            }
            return hashes;
        });
    }

    /** The height of a stored block if it is on the main chain; its header is read, not the whole block decoded. */
    public OptionalLong mainChainHeight(byte[] hash) {
        Optional<byte[]> stored = db.block(hash);
        if (stored.isEmpty()) {
            return OptionalLong.empty();
        }
        long height = BlockCodec.storedHeight(stored.get());
        return db.hashAt(height).filter(h -> Arrays.equals(h, hash)).isPresent() ? OptionalLong.of(height) : OptionalLong.empty();
    }

    public Optional<TransactionLocation> transaction(byte[] id) {
        return blocks.transaction(id, () -> head().height());
    }

    /**
     * Whether a transaction is in a main-chain block: the transaction index and that block's header,
     * no block decoded. The network asks it of every transaction a peer sends; {@link #transaction}
     * decoded the whole block (5,000 transactions) for each, most of a receiving node's CPU under load.
     */
    public boolean includesTransaction(byte[] id) {
        return db.transactionLocation(id).map(location -> mainChainHeight(Arrays.copyOf(location, 32)).isPresent())
                .orElse(false);
    }

    /** Imports a block received or produced. */
    public ImportOutcome importBlock(Block block) throws ChainException {
        long started = System.nanoTime();
        verifyProofsAhead(block);
        writer.lock();
        try {
            importStarted = started;
            return importAsWriter(block);
        } finally {
            importStarted = -1;
            writer.unlock();
        }
    }

    /**
     * Re-training a block's improvement proofs takes seconds: it is done here, before the writer
     * lock, so that block production and other imports do not wait for it, nor, in a
     * reorganisation (which holds the write lock throughout), every reader. The verifier remembers
     * its verdicts, so the checks the rules make under the lock, in consensus order, answer at once.
     * Only a block whose header a validator signed over exactly these proofs gets this far (a peer
     * cannot make the node retrain at will). Nothing found here is reported here: the import under
     * the lock gives the block the same verdict and error code as it would have without this step.
     */
    private void verifyProofsAhead(Block block) {
        if (block.mints().isEmpty()) {
            return;
        }
        try {
            if (incoming.parentOfNew(block).isEmpty()) {
                return; // stored already
            }
            for (MintEntry entry : block.mints()) {
                proofs.check(MintRules.proofOf(entry));
            }
        } catch (ChainException e) {
            // refused under the lock with this code, or with an earlier one of the rules' order
            LOG.debug("block {}: proofs not verified ahead: {}", block.hashHex(), e.getMessage());
        }
    }

    /**
     * For a {@link ChainListener} told of a block being imported or produced now (it runs on the
     * writer's thread): nanoseconds since the writer took it, durable commit included; -1 when no
     * import is under way (blocks replayed at start).
     */
    public long importElapsedNanos() {
        long started = writer.isHeldByCurrentThread() ? importStarted : -1;
        return started < 0 ? -1 : System.nanoTime() - started;
    }

    private ImportOutcome importAsWriter(Block block) throws ChainException {
        Optional<Block> parent = incoming.parentOfNew(block);
        if (parent.isEmpty()) {
            return ImportOutcome.ALREADY_KNOWN;
        }
        if (Arrays.equals(parent.get().hash(), head.hash())) {
            connect(block);
            return ImportOutcome.EXTENDED;
        }
        Block fork = reorganisation.forkWithinFinality(parent.get(), head);
        db.storeSideBlock(block);
        if (!forkChoice.prefers(block, head, fork)) {
            return ImportOutcome.SIDE_BRANCH;
        }
        reorganise(fork, block);
        return ImportOutcome.REORGANISED;
    }

    /** Makes a block on the head, with the head and state held still. */
    public interface BlockFactory {
        AssembledBlock build(LedgerView state, Block head) throws ChainException;
    }

    /**
     * Builds a block with {@code factory} on the current head and connects it, as one writer.
     * The factory applied every rule while building (with the state it was given, which no one
     * else changes meanwhile), so its changes are connected as they are.
     */
    public Block produce(BlockFactory factory) throws ChainException {
        writer.lock();
        try {
            importStarted = System.nanoTime();
            AssembledBlock made = factory.build(state, head);
            Block block = made.block();
            if (!Arrays.equals(block.header().previousHash(), head.hash())) {
                throw new IllegalStateException("an assembled block must extend the head it was given");
            }
            persistAndPublish(block, made.changes());
            return block;
        } finally {
            importStarted = -1;
            writer.unlock();
        }
    }

    /** Re-validates every stored main-chain block from genesis, with every rule, and compares the result with the live state. */
    public VerifyReport verify() {
        return verifier.verify(head(), this::stateCommitment, action -> underReadLock(() -> {
            state.forEachAccount(action);
            return null;
        }));
    }

    private void connect(Block block) throws ChainException {
        StateChanges changes = new StateChanges(state);
        try {
            rules.execute(block, changes, proofs);
        } catch (ChainException e) {
            if (!e.error().deferred()) { // a proof not checkable here yet is no verdict: the block may come again
                invalid.add(block.hash());
            }
            throw e;
        }
        persistAndPublish(block, changes);
    }

    /** Stores the block and its changes, then shows them to readers: the only moment they wait. */
    private void persistAndPublish(Block block, StateChanges changes) {
        // prepared on this state when the commitment was checked: the same nodes are stored and applied
        AccountTree.Update treeUpdate = changes.treeUpdate();
        db.commitConnect(block, changes, treeUpdate, changes.undo(), null, false, false);
        lock.writeLock().lock();
        try {
            state.apply(changes, treeUpdate);
            head = block;
            listeners.headChanged(List.of(), List.of(block));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Switches to {@code newTip}'s branch under the write lock throughout: readers see no step between. */
    private void reorganise(Block fork, Block newTip) throws ChainException {
        lock.writeLock().lock();
        try {
            Reorganisation.Plan plan = reorganisation.plan(head, state, fork, newTip);
            // memory follows the store batch by batch, so a batch that fails leaves the two in agreement
            for (Reorganisation.Step step : plan.steps()) {
                // each step's layer was checked on the layers below it; its tree update is prepared on the state it now meets
                AccountTree.Update treeUpdate = state.prepareAccounts(step.changes().accounts());
                step.store().accept(treeUpdate);
                state.apply(step.changes(), treeUpdate);
                head = step.head();
            }
            LOG.info("reorganised: {} blocks off, {} on, head {}", plan.disconnected().size(), plan.connected().size(),
                    head.height());
            listeners.headChanged(plan.disconnected(), plan.connected());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Switches to the tip a crash kept a reorganisation from reaching; says how that went, for the startup note. */
    private String finishReorganisation(Block tip) {
        try {
            Block parent = blocks.load(tip.header().previousHash());
            Block fork = reorganisation.forkPoint(parent);
            if (Arrays.equals(parent.hash(), head.hash())) {
                connect(tip);
            } else {
                reorganise(fork, tip);
            }
            return "; finished an interrupted reorganisation to " + tip.height();
        } catch (ChainException e) {
            return "; could not finish an interrupted reorganisation: " + e;
        }
    }

    private <T> T underReadLock(Supplier<T> query) {
        lock.readLock().lock();
        try {
            return query.get();
        } finally {
            lock.readLock().unlock();
        }
    }
}
