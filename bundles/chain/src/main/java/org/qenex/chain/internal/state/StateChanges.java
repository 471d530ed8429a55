package org.qenex.chain.internal.state;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.qenex.chain.internal.crypto.AccountId;

/**
 * Changes layered over another {@link LedgerView}: what applying a block (or undoing one) does,
 * before it is committed. Remembers each changed account's value in the layer below, from which
 * the block's {@link BlockUndo} is made. Layers nest, so a reorganisation is tried whole before
 * anything is committed.
 */
public final class StateChanges implements LedgerView {

    private final LedgerView base;
    private final TreeMap<AccountId, Account> changed = new TreeMap<>();
    private final Map<AccountId, Account> before = new HashMap<>();
    private final Set<String> added = new LinkedHashSet<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private final Map<String, ModelLink> addedVersions = new LinkedHashMap<>();
    private final Map<String, ModelLink> removedVersions = new LinkedHashMap<>();
    private final long mintedBefore;
    private final String tipBefore;
    private long minted;
    private String modelTip;
    private AccountTree.Update update;

    public StateChanges(LedgerView base) {
        this.base = base;
        this.mintedBefore = base.minted();
        this.minted = mintedBefore;
        this.tipBefore = base.modelTip();
        this.modelTip = tipBefore;
    }

    @Override
    public Account account(AccountId id) {
        Account a = changed.get(id);
        return a != null ? a : base.account(id);
    }

    public void put(AccountId id, Account account) {
        if (!before.containsKey(id)) {
            before.put(id, base.account(id));
        }
        changed.put(id, account);
        update = null;
    }

    @Override
    public long minted() {
        return minted;
    }

    public void setMinted(long value) {
        this.minted = value;
    }

    @Override
    public boolean isRewarded(String proofId) {
        if (added.contains(proofId)) {
            return true;
        }
        return !removed.contains(proofId) && base.isRewarded(proofId);
    }

    public void markRewarded(String proofId) {
        if (!removed.remove(proofId)) {
            added.add(proofId);
        }
    }

    public void unmarkRewarded(String proofId) {
        if (!added.remove(proofId)) {
            removed.add(proofId);
        }
    }

    @Override
    public String modelTip() {
        return modelTip;
    }

    public void setModelTip(String tip) {
        this.modelTip = tip;
    }

    @Override
    public Optional<ModelLink> rewardedVersion(String versionHash) {
        ModelLink added = addedVersions.get(versionHash);
        if (added != null) {
            return Optional.of(added);
        }
        return removedVersions.containsKey(versionHash) ? Optional.empty() : base.rewardedVersion(versionHash);
    }

    @Override
    public boolean hasRewardedChild(String parentHash) {
        if (addedVersions.values().stream().anyMatch(v -> v.parentHash().equals(parentHash))) {
            return true;
        }
        // a parent has at most one rewarded child: if this layer removed it, there is none
        return removedVersions.values().stream().noneMatch(v -> v.parentHash().equals(parentHash))
                && base.hasRewardedChild(parentHash);
    }

    @Override
    public boolean isFingerprintRewarded(String fingerprint) {
        if (addedVersions.values().stream().anyMatch(v -> v.fingerprint().equals(fingerprint))) {
            return true;
        }
        return removedVersions.values().stream().noneMatch(v -> v.fingerprint().equals(fingerprint))
                && base.isFingerprintRewarded(fingerprint);
    }

    /** Records a rewarded version (a mint) in this layer. */
    public void addVersion(ModelLink link) {
        if (removedVersions.remove(link.versionHash()) == null) {
            addedVersions.put(link.versionHash(), link);
        }
    }

    /** Takes a rewarded version off (undoing its block). */
    public void removeVersion(ModelLink link) {
        if (addedVersions.remove(link.versionHash()) == null) {
            removedVersions.put(link.versionHash(), link);
        }
    }

    public Map<String, ModelLink> addedVersions() {
        return Collections.unmodifiableMap(addedVersions);
    }

    public Map<String, ModelLink> removedVersions() {
        return Collections.unmodifiableMap(removedVersions);
    }

    /** The accounts this layer changed, with their new values (possibly {@link Account#EMPTY}). */
    public Map<AccountId, Account> accounts() {
        return Collections.unmodifiableMap(changed);
    }

    /** The values of the changed accounts in the layer below. */
    public Map<AccountId, Account> previousAccounts() {
        return Collections.unmodifiableMap(before);
    }

    public Set<String> addedProofs() {
        return Collections.unmodifiableSet(added);
    }

    public Set<String> removedProofs() {
        return Collections.unmodifiableSet(removed);
    }

    /** What undoes this layer: the previous values of everything it changed. */
    public BlockUndo undo() {
        if (!removed.isEmpty() || !removedVersions.isEmpty()) {
            throw new IllegalStateException("only layers that apply a block have an undo");
        }
        return new BlockUndo(mintedBefore, new TreeMap<>(before), new TreeSet<>(added), tipBefore,
                List.copyOf(addedVersions.values()));
    }

    /** Folds this layer into the layer below, when that is a {@link StateChanges} too. */
    public void mergeInto(StateChanges below) {
        changed.forEach(below::put);
        added.forEach(below::markRewarded);
        removed.forEach(below::unmarkRewarded);
        removedVersions.values().forEach(below::removeVersion);
        addedVersions.values().forEach(below::addVersion);
        below.setModelTip(modelTip);
        below.setMinted(minted);
    }

    @Override
    public SortedSet<String> rewardedProofs() {
        TreeSet<String> all = new TreeSet<>(base.rewardedProofs());
        all.removeAll(removed);
        all.addAll(added);
        return all;
    }

    @Override
    public SortedMap<String, ModelLink> rewardedVersions() {
        TreeMap<String, ModelLink> all = new TreeMap<>(base.rewardedVersions());
        removedVersions.keySet().forEach(all::remove);
        all.putAll(addedVersions);
        return all;
    }

    @Override
    public byte[] proofsRoot() {
        // most blocks mint nothing: then the root below is this layer's, and its history is not walked again
        return added.isEmpty() && removed.isEmpty() ? base.proofsRoot() : LedgerView.super.proofsRoot();
    }

    @Override
    public byte[] versionsRoot() {
        return addedVersions.isEmpty() && removedVersions.isEmpty() ? base.versionsRoot() : LedgerView.super.versionsRoot();
    }

    @Override
    public byte[] accountsRoot() {
        return treeUpdate().root();
    }

    @Override
    public AccountTree.Update prepareAccounts(Map<AccountId, Account> changes) {
        Map<AccountId, Account> merged = new HashMap<>(changed);
        merged.putAll(changes);
        return base.prepareAccounts(merged);
    }

    /**
     * The tree update of every account change down to the state at the bottom, prepared on that
     * state; kept until this layer changes (the layers below must not change meanwhile).
     */
    public AccountTree.Update treeUpdate() {
        if (update == null) {
            update = base.prepareAccounts(changed);
        }
        return update;
    }
}
