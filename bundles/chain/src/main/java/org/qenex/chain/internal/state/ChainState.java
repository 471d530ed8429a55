package org.qenex.chain.internal.state;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import org.qenex.chain.internal.crypto.AccountId;

/**
 * The committed ledger state at the head: the accounts and their sparse Merkle tree ({@link
 * AccountTree}), both in memory or in the store behind bounded caches, so the commitment of the
 * next block costs hashing only the paths of what changed and the heap holds no account it does
 * not need; the rewarded proofs and model versions (one per mint) stay in memory. Not
 * thread-safe for writers: the blockchain guards it with its lock.
 */
public final class ChainState implements LedgerView {

    private final AccountRecords accounts;
    private final AccountTree tree;
    private final TreeSet<String> rewarded = new TreeSet<>();
    private final TreeMap<String, ModelLink> versions = new TreeMap<>();
    private final Set<String> parents = new HashSet<>();
    private final Set<String> fingerprints = new HashSet<>();
    private String modelTip = ModelLink.GENESIS_VERSION;
    private long minted;
    // the proofs and versions roots cover the whole history: computed once per change of theirs, not per block
    // (readers share the lock, so they may compute one at once: both get the same value)
    private volatile byte[] proofsRoot;
    private volatile byte[] versionsRoot;

    /** A state in memory (replays, verification, tests). */
    public ChainState() {
        this(new MemoryTreeNodes(), new MemoryAccounts());
    }

    /** A state whose tree nodes and accounts are read through {@code nodes} and {@code accounts}. */
    public ChainState(TreeNodes nodes, AccountRecords accounts) {
        this.tree = new AccountTree(nodes);
        this.accounts = accounts;
    }

    @Override
    public Account account(AccountId id) {
        Account a = accounts.get(id);
        return a == null ? Account.EMPTY : a;
    }

    @Override
    public long minted() {
        return minted;
    }

    @Override
    public boolean isRewarded(String proofId) {
        return rewarded.contains(proofId);
    }

    /** The sum of every balance: reads every account (for checks, not for blocks). */
    public long totalBalance() {
        long[] sum = {0};
        accounts.forEach((id, a) -> sum[0] = Math.addExact(sum[0], a.balance()));
        return sum[0];
    }

    /** Sets an account (removes it when empty), and its leaf in the tree: for states in memory. */
    public void put(AccountId id, Account account) {
        tree.apply(tree.prepare(Map.of(id, account)));
        accounts.apply(Map.of(id, account));
    }

    public void setMinted(long minted) {
        this.minted = minted;
    }

    public void addRewarded(String proofId) {
        rewarded.add(proofId);
        proofsRoot = null;
    }

    public void removeRewarded(String proofId) {
        rewarded.remove(proofId);
        proofsRoot = null;
    }

    public void addVersion(ModelLink link) {
        versionsRoot = null;
        versions.put(link.versionHash(), link);
        parents.add(link.parentHash());
        fingerprints.add(link.fingerprint());
    }

    public void removeVersion(String versionHash) {
        ModelLink link = versions.remove(versionHash);
        versionsRoot = null;
        if (link != null) {
            parents.remove(link.parentHash());
            fingerprints.remove(link.fingerprint());
        }
    }

    public void setModelTip(String tip) {
        this.modelTip = tip;
    }

    /** Forgets the proofs, versions, tip and supply; the accounts and tree stay (when stored, they belong to the store). */
    public void clear() {
        rewarded.clear();
        versions.clear();
        proofsRoot = null;
        versionsRoot = null;
        parents.clear();
        fingerprints.clear();
        modelTip = ModelLink.GENESIS_VERSION;
        minted = 0;
    }

    /** Makes the changes of {@code changes} (layered directly on this state) part of it. */
    public void apply(StateChanges changes) {
        apply(changes, changes.treeUpdate());
    }

    /** Makes the changes part of this state, with their tree update prepared on this state (and stored, for a stored tree). */
    public void apply(StateChanges changes, AccountTree.Update update) {
        tree.apply(update);
        accounts.apply(changes.accounts());
        changes.addedProofs().forEach(this::addRewarded);
        changes.removedProofs().forEach(this::removeRewarded);
        changes.removedVersions().keySet().forEach(this::removeVersion);
        changes.addedVersions().values().forEach(this::addVersion);
        modelTip = changes.modelTip();
        minted = changes.minted();
    }

    @Override
    public byte[] accountsRoot() {
        return tree.root();
    }

    @Override
    public AccountTree.Update prepareAccounts(Map<AccountId, Account> changes) {
        return tree.prepare(changes);
    }

    /** The path from the accounts root to {@code id}'s key. */
    public AccountTree.Proof prove(AccountId id) {
        return tree.prove(AccountTree.key(id));
    }

    @Override
    public SortedSet<String> rewardedProofs() {
        return Collections.unmodifiableSortedSet(rewarded);
    }

    @Override
    public byte[] proofsRoot() {
        byte[] root = proofsRoot;
        if (root == null) {
            root = StateCommitment.proofsRoot(rewarded);
            proofsRoot = root;
        }
        return root;
    }

    @Override
    public byte[] versionsRoot() {
        byte[] root = versionsRoot;
        if (root == null) {
            root = StateCommitment.versionsRoot(versions.values());
            versionsRoot = root;
        }
        return root;
    }

    @Override
    public String modelTip() {
        return modelTip;
    }

    @Override
    public Optional<ModelLink> rewardedVersion(String versionHash) {
        return Optional.ofNullable(versions.get(versionHash));
    }

    @Override
    public boolean hasRewardedChild(String parentHash) {
        return parents.contains(parentHash);
    }

    @Override
    public boolean isFingerprintRewarded(String fingerprint) {
        return fingerprints.contains(fingerprint);
    }

    @Override
    public SortedMap<String, ModelLink> rewardedVersions() {
        return Collections.unmodifiableSortedMap(versions);
    }

    /** Every non-empty account, in id order: reads every account. */
    public void forEachAccount(BiConsumer<AccountId, Account> action) {
        accounts.forEach(action);
    }

    /** Every account, in id order (for listing and comparing states): reads every account. */
    public Map<AccountId, Account> accounts() {
        TreeMap<AccountId, Account> all = new TreeMap<>();
        accounts.forEach(all::put);
        return all;
    }
}
