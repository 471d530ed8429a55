package org.qenex.chain.internal.state;

import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.qenex.chain.internal.crypto.AccountId;

/**
 * The committed ledger state at the head, in memory, with each account's leaf hash cached so
 * that the commitment of the next block costs hashing only what changed. Not thread-safe: the
 * blockchain guards it with its lock.
 */
public final class ChainState implements LedgerView {

    private record Entry(Account account, byte[] leaf) {
    }

    private final TreeMap<AccountId, Entry> accounts = new TreeMap<>();
    private final TreeSet<String> rewarded = new TreeSet<>();
    private final TreeMap<String, ModelLink> versions = new TreeMap<>();
    private final Set<String> parents = new HashSet<>();
    private final Set<String> fingerprints = new HashSet<>();
    private String modelTip = ModelLink.GENESIS_VERSION;
    private long minted;

    @Override
    public Account account(AccountId id) {
        Entry e = accounts.get(id);
        return e == null ? Account.EMPTY : e.account;
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
        for (Entry e : accounts.values()) {
            sum = Math.addExact(sum, e.account.balance());
        }
        return sum;
    }

    /** Sets an account (removes it when empty). */
    public void put(AccountId id, Account account) {
        if (account.isEmpty()) {
            accounts.remove(id);
        } else {
            accounts.put(id, new Entry(account, account.leafHash(id)));
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
        changes.accounts().forEach(this::put);
        changes.addedProofs().forEach(this::addRewarded);
        changes.removedProofs().forEach(this::removeRewarded);
        changes.removedVersions().keySet().forEach(this::removeVersion);
        changes.addedVersions().values().forEach(this::addVersion);
        modelTip = changes.modelTip();
        minted = changes.minted();
    }

    @Override
    public Iterator<Map.Entry<AccountId, byte[]>> leaves() {
        Iterator<Map.Entry<AccountId, Entry>> it = accounts.entrySet().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Map.Entry<AccountId, byte[]> next() {
                Map.Entry<AccountId, Entry> e = it.next();
                return Map.entry(e.getKey(), e.getValue().leaf);
            }
        };
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
        TreeMap<AccountId, Account> copy = new TreeMap<>();
        accounts.forEach((id, e) -> copy.put(id, e.account));
        return copy;
    }
}
