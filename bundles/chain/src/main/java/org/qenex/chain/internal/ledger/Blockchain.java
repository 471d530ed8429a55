package org.qenex.chain.internal.ledger;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockCodec;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.consensus.ChainError;
import org.qenex.chain.internal.consensus.ChainException;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.ProofCheck;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.BlockUndo;
import org.qenex.chain.internal.state.ChainState;
import org.qenex.chain.internal.state.LedgerView;
import org.qenex.chain.internal.state.StateChanges;
import org.qenex.chain.internal.tx.Transaction;

/**
 * The main chain and its state: imports blocks, keeps side branches, switches to a longer branch
 * (at most {@code finalityDepth} blocks back), and restores a consistent state at start.
 *
 * <p>Fork choice: the branch with the greater height wins; at equal height the branch seen first
 * stays. A block is final once {@code finalityDepth} blocks are on top of it: no reorganisation
 * reaches below that.
 *
 * <p>Thread safety: writers (open, import, produce) take the {@code writer} lock, one at a time.
 * A writer validates, executes and persists a block while queries and mempool admission go on
 * under the read lock; it takes the write lock only to publish the result (state, head,
 * listeners), or for the whole of a reorganisation. Only writers change {@code state} and
 * {@code head}, so a writer reads them without the read lock.
 */
public final class Blockchain {

    private static final System.Logger LOG = System.getLogger(Blockchain.class.getName());

    private final ChainParameters params;
    private final ChainDatabase db;
    private final BlockRules rules;
    private final ProofCheck proofs;
    private final LongSupplier clock;
    private final ReentrantLock writer = new ReentrantLock();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ChainState state = new ChainState();
    private final Set<ByteBuffer> invalid = Collections.synchronizedSet(new HashSet<>());
    private final List<ChainListener> listeners = new CopyOnWriteArrayList<>();
    private Block head;
    private String startupNote = "not opened";

    public Blockchain(ChainParameters params, ChainDatabase db, BlockRules rules, ProofCheck proofs, LongSupplier clock) {
        this.params = params;
        this.db = db;
        this.rules = rules;
        this.proofs = proofs;
        this.clock = clock;
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
            Block genesis = GenesisBlock.of(params);
            Optional<byte[]> headHash = db.headHash();
            if (headHash.isEmpty()) {
                db.initialise(genesis);
                head = genesis;
                state.clear();
                startupNote = "new chain " + params.chainId() + ", genesis " + genesis.hashHex();
                return startupNote;
            }
            byte[] storedGenesis = db.hashAt(0).orElseThrow(() -> new IllegalStateException("no genesis block stored"));
            if (!Arrays.equals(storedGenesis, genesis.hash())) {
                throw new IllegalStateException("the stored chain has another genesis block than the genesis file describes");
            }
            head = load(headHash.get());
            loadState();
            if (Arrays.equals(state.commitment(), head.header().stateCommitment())) {
                startupNote = "head " + head.height() + ", state matches its commitment";
            } else {
                rebuildState();
                startupNote = "head " + head.height() + ": the stored state did not match the head's commitment; rebuilt it from "
                        + head.height() + " blocks";
                LOG.log(System.Logger.Level.WARNING, startupNote);
            }
            resumeReorganisation();
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
        lock.readLock().lock();
        try {
            return head;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs {@code query} on the committed state under the read lock. */
    public <T> T read(Function<LedgerView, T> query) {
        lock.readLock().lock();
        try {
            return query.apply(state);
        } finally {
            lock.readLock().unlock();
        }
    }

    public byte[] stateCommitment() {
        return read(LedgerView::commitment);
    }

    public long minted() {
        return read(LedgerView::minted);
    }

    /** Every account with a balance, nonce or parent, in id order. */
    public java.util.Map<AccountId, Account> accounts() {
        lock.readLock().lock();
        try {
            return state.accounts();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The sum of all balances: always {@link #minted()}, since fees only move units. */
    public long totalBalance() {
        lock.readLock().lock();
        try {
            return state.totalBalance();
        } finally {
            lock.readLock().unlock();
        }
    }

    public Account account(AccountId id) {
        return read(s -> s.account(id));
    }

    public List<AccountId> children(AccountId id, int limit) {
        return db.children(id, limit);
    }

    public Optional<Block> blockAt(long height) {
        return db.hashAt(height).map(this::load);
    }

    public Optional<Block> block(byte[] hash) {
        return db.block(hash).map(this::decodeStored);
    }

    public Optional<TransactionLocation> transaction(byte[] id) {
        Optional<byte[]> location = db.transactionLocation(id);
        if (location.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer at = ByteBuffer.wrap(location.get());
        byte[] blockHash = new byte[32];
        at.get(blockHash);
        int index = at.getInt();
        Block block = load(blockHash);
        if (!onMainChain(block)) {
            return Optional.empty();
        }
        return Optional.of(new TransactionLocation(block.transactions().get(index), block, index,
                head().height() - block.height() + 1));
    }

    /** Imports a block received or produced. */
    public ImportOutcome importBlock(Block block) throws ChainException {
        writer.lock();
        try {
            return importAsWriter(block);
        } finally {
            writer.unlock();
        }
    }

    private ImportOutcome importAsWriter(Block block) throws ChainException {
        if (invalid.contains(ByteBuffer.wrap(block.hash()))) {
            throw new ChainException(ChainError.ALREADY_KNOWN, "block " + block.hashHex() + " was found invalid before");
        }
        if (db.hasBlock(block.hash())) {
            return ImportOutcome.ALREADY_KNOWN;
        }
        if (invalid.contains(ByteBuffer.wrap(block.header().previousHash()))) {
            invalid.add(ByteBuffer.wrap(block.hash()));
            throw new ChainException(ChainError.UNKNOWN_PARENT, "the parent block is invalid");
        }
        Block parent = db.block(block.header().previousHash()).map(this::decodeStored)
                .orElseThrow(() -> new ChainException(ChainError.UNKNOWN_PARENT, "parent "
                        + java.util.HexFormat.of().formatHex(block.header().previousHash()) + " is not known"));
        rules.checkHeader(block, parent.header(), clock.getAsLong());
        if (Arrays.equals(parent.hash(), head.hash())) {
            connect(block);
            return ImportOutcome.EXTENDED;
        }
        Block fork = forkPoint(parent);
        if (head.height() - fork.height() > params.finalityDepth()) {
            throw new ChainException(ChainError.REORG_TOO_DEEP, "the branch leaves the main chain at height "
                    + fork.height() + ", more than " + params.finalityDepth() + " blocks below the head");
        }
        db.storeSideBlock(block);
        if (block.height() <= head.height()) {
            return ImportOutcome.SIDE_BRANCH;
        }
        lock.writeLock().lock();
        try {
            reorganise(fork, block);
        } finally {
            lock.writeLock().unlock();
        }
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
            AssembledBlock made = factory.build(state, head);
            Block block = made.block();
            if (!Arrays.equals(block.header().previousHash(), head.hash())) {
                throw new IllegalStateException("an assembled block must extend the head it was given");
            }
            persistAndPublish(block, made.changes());
            return block;
        } finally {
            writer.unlock();
        }
    }

    /** Re-validates every stored main-chain block from genesis, with every rule, and compares the result with the live state. */
    public VerifyReport verify() {
        Block top = head();
        ChainState replay = new ChainState();
        Block previous = GenesisBlock.of(params);
        long transactions = 0;
        for (long h = 1; h <= top.height(); h++) {
            Optional<Block> block = blockAt(h);
            if (block.isEmpty()) {
                return new VerifyReport(h - 1, transactions, false, "block " + h + " is missing");
            }
            try {
                rules.checkHeader(block.get(), previous.header(), Long.MAX_VALUE - params.maxFutureDriftMillis());
                StateChanges changes = new StateChanges(replay);
                rules.execute(block.get(), changes, proofs);
                replay.apply(changes);
            } catch (ChainException e) {
                return new VerifyReport(h - 1, transactions, false, "block " + h + ": " + e);
            }
            transactions += block.get().transactions().size();
            previous = block.get();
        }
        byte[] live = read(LedgerView::commitment);
        if (!Arrays.equals(live, replay.commitment())) {
            return new VerifyReport(top.height(), transactions, false, "the replayed state differs from the live state");
        }
        return new VerifyReport(top.height(), transactions, true, "all " + top.height() + " blocks valid, state matches");
    }

    private void connect(Block block) throws ChainException {
        StateChanges changes = new StateChanges(state);
        try {
            rules.execute(block, changes, proofs);
        } catch (ChainException e) {
            invalid.add(ByteBuffer.wrap(block.hash()));
            throw e;
        }
        persistAndPublish(block, changes);
    }

    /** Stores the block and its changes, then shows them to readers: the only moment they wait. */
    private void persistAndPublish(Block block, StateChanges changes) {
        db.commitConnect(block, changes, changes.undo(), null, false);
        lock.writeLock().lock();
        try {
            state.apply(changes);
            head = block;
            notifyListeners(List.of(), List.of(block));
        } finally {
            lock.writeLock().unlock();
        }
    }

    private Block forkPoint(Block parent) throws ChainException {
        Block cursor = parent;
        int steps = 0;
        while (!onMainChain(cursor)) {
            if (++steps > params.finalityDepth() + 1) {
                throw new ChainException(ChainError.REORG_TOO_DEEP, "the branch is more than " + params.finalityDepth()
                        + " blocks long");
            }
            cursor = db.block(cursor.header().previousHash()).map(this::decodeStored)
                    .orElseThrow(() -> new ChainException(ChainError.UNKNOWN_PARENT, "a block of the branch is missing"));
        }
        return cursor;
    }

    private boolean onMainChain(Block block) {
        return db.hashAt(block.height()).map(h -> Arrays.equals(h, block.hash())).orElse(false);
    }

    /** Tries the whole switch in memory first; commits block by block only if every new block is valid. */
    private void reorganise(Block fork, Block newTip) throws ChainException {
        List<Block> disconnect = new ArrayList<>();
        for (Block b = head; b.height() > fork.height(); b = load(b.header().previousHash())) {
            disconnect.add(b);
        }
        List<Block> connectList = new ArrayList<>();
        for (Block b = newTip; b.height() > fork.height(); b = load(b.header().previousHash())) {
            connectList.add(0, b);
        }
        List<StateChanges> undoLayers = new ArrayList<>();
        LedgerView view = state;
        for (Block b : disconnect) {
            StateChanges layer = new StateChanges(view);
            BlockUndo undo = db.undo(b.hash()).orElseThrow(() -> new IllegalStateException("no undo record for " + b));
            undo.applyTo(layer);
            undoLayers.add(layer);
            view = layer;
        }
        List<StateChanges> connectLayers = new ArrayList<>();
        Block parent = fork;
        for (Block b : connectList) {
            StateChanges layer = new StateChanges(view);
            try {
                rules.checkHeader(b, parent.header(), clock.getAsLong());
                rules.execute(b, layer, proofs);
            } catch (ChainException e) {
                invalid.add(ByteBuffer.wrap(b.hash()));
                invalid.add(ByteBuffer.wrap(newTip.hash()));
                throw e;
            }
            connectLayers.add(layer);
            view = layer;
            parent = b;
        }
        byte[] target = newTip.hash();
        for (int i = 0; i < disconnect.size(); i++) {
            db.commitDisconnect(disconnect.get(i), undoLayers.get(i), target);
            state.apply(undoLayers.get(i));
            head = load(disconnect.get(i).header().previousHash());
        }
        for (int i = 0; i < connectList.size(); i++) {
            boolean last = i == connectList.size() - 1;
            db.commitConnect(connectList.get(i), connectLayers.get(i), connectLayers.get(i).undo(), null, last);
            state.apply(connectLayers.get(i));
            head = connectList.get(i);
        }
        LOG.log(System.Logger.Level.INFO, "reorganised: " + disconnect.size() + " blocks off, " + connectList.size()
                + " on, head " + head.height());
        notifyListeners(disconnect, connectList);
    }

    private void resumeReorganisation() {
        Optional<byte[]> target = db.target();
        if (target.isEmpty() || Arrays.equals(target.get(), head.hash())) {
            return;
        }
        Optional<Block> tip = block(target.get());
        if (tip.isEmpty() || tip.get().height() <= head.height()) {
            return;
        }
        try {
            Block parent = load(tip.get().header().previousHash());
            Block fork = forkPoint(parent);
            if (Arrays.equals(parent.hash(), head.hash())) {
                connect(tip.get());
            } else {
                reorganise(fork, tip.get());
            }
            startupNote += "; finished an interrupted reorganisation to " + tip.get().height();
        } catch (ChainException e) {
            startupNote += "; could not finish an interrupted reorganisation: " + e;
        }
    }

    private void loadState() {
        state.clear();
        db.forEachAccount(state::put);
        db.forEachRewardedProof(state::addRewarded);
        state.setMinted(db.minted());
    }

    /**
     * Replays the main chain from genesis. The blocks were fully validated when they were
     * connected, so signatures and proofs are not checked again here; every state rule is, and
     * the result must match the head's commitment.
     */
    private void rebuildState() {
        state.clear();
        for (long h = 1; h <= head.height(); h++) {
            Block block = blockAt(h).orElseThrow();
            StateChanges changes = new StateChanges(state);
            try {
                long fees = 0;
                for (Transaction tx : block.transactions()) {
                    fees = Math.addExact(fees, rules.transactionRules().apply(tx, changes));
                }
                if (fees > 0) {
                    AccountId producer = AccountId.ofPublicKey(block.header().producerKey());
                    changes.put(producer, changes.account(producer).credit(fees));
                }
                for (MintEntry mint : block.mints()) {
                    rules.mintRules().apply(mint, changes, proof -> true);
                }
            } catch (ChainException e) {
                throw new IllegalStateException("stored block " + h + " does not apply: " + e, e);
            }
            state.apply(changes);
        }
        if (!Arrays.equals(state.commitment(), head.header().stateCommitment())) {
            throw new IllegalStateException("replaying the stored blocks does not give the head's state commitment");
        }
        db.replaceState(state.accounts(), state.minted(), new ArrayList<>(state.rewardedProofs()));
    }

    private void notifyListeners(List<Block> disconnected, List<Block> connected) {
        for (ChainListener listener : listeners) {
            try {
                listener.headChanged(disconnected, connected);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "chain listener failed", e);
            }
        }
    }

    private Block load(byte[] hash) {
        return decodeStored(db.block(hash).orElseThrow(() -> new IllegalStateException("block missing from the store")));
    }

    private Block decodeStored(byte[] bytes) {
        try {
            return BlockCodec.decode(bytes, Integer.MAX_VALUE, Integer.MAX_VALUE);
        } catch (ChainException e) {
            throw new IllegalStateException("a stored block does not decode: " + e, e);
        }
    }
}
