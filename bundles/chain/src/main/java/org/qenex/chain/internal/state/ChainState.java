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

import org.qenex.chain.internal.crypto.AccountId;

/**
 * The committed ledger state at the head, with the accounts' sparse Merkle tree ({@link
 * AccountTree}), whose nodes are in memory or in the store: the commitment of the next block costs
 * hashing only the paths of what changed. Not thread-safe: the blockchain guards it with its lock.
 */
public final class ChainState implements LedgerView {

    private final TreeMap<AccountId, Account> accounts = new TreeMap<>();
    private final AccountTree tree;
    private final TreeSet<String> rewarded = new TreeSet<>();
    private final TreeMap<String, ModelLink> versions = new TreeMap<>();
    private final Set<String> parents = new HashSet<>();
    private final Set<String> fingerprints = new HashSet<>();
    private String modelTip = ModelLink.GENESIS_VERSION;
    private long minted;

    /** A state whose tree lives in memory (replays, verification, tests). */
    public ChainState() {
        this(new MemoryTreeNodes());
    }

    /** A state whose tree nodes are read through {@code nodes}. */
    public ChainState(TreeNodes nodes) {
        this.tree = new AccountTree(nodes);
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

    public int accountCount() {
        return accounts.size();
    }

    public long totalBalance() {
        long sum = 0;
        for (Account a : accounts.values()) {
            sum = Math.addExact(sum, a.balance());
        }
        return sum;
    }

    /** Sets an account (removes it when empty), and its leaf in the tree. */
    public void put(AccountId id, Account account) {
        tree.apply(tree.prepare(Map.of(id, account)));
        restore(id, account);
    }

    /** Sets an account read back from the store, whose stored tree already holds it. */
    public void restore(AccountId id, Account account) {
        if (account.isEmpty()) {
            accounts.remove(id);
        } else {
            accounts.put(id, account);
        }
    }

    public void setMinted(long minted) {
        this.minted = minted;
    }

    public void addRewarded(String proofId) {
        rewarded.add(proofId);
    }

    public void removeRewarded(String proofId) {
        rewarded.remove(proofId);
    }

    public void addVersion(ModelLink link) {
        versions.put(link.versionHash(), link);
        parents.add(link.parentHash());
        fingerprints.add(link.fingerprint());
    }

    public void removeVersion(String versionHash) {
        ModelLink link = versions.remove(versionHash);
        if (link != null) {
            parents.remove(link.parentHash());
            fingerprints.remove(link.fingerprint());
        }
    }

    public void setModelTip(String tip) {
        this.modelTip = tip;
    }

    /** Forgets everything but the tree (which, when stored, belongs to the stored state). */
    public void clear() {
        accounts.clear();
        rewarded.clear();
        versions.clear();
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
        changes.accounts().forEach(this::restore);
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

    /** Every account, in id order (for listing and comparing states). */
    public Map<AccountId, Account> accounts() {
        return new TreeMap<>(accounts);
    }
}
