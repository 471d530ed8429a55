package org.qenex.chain.internal.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.qenex.chain.internal.crypto.AccountId;

/**
 * What puts the state back as it was before a block: the minted supply and every account the block
 * changed, as they were, the proofs it rewarded, the model tip before it and the versions it
 * rewarded. Stored beside each block for reorganisations.
 *
 * @param mintedBefore the minted supply before the block
 * @param accountsBefore each changed account's previous value ({@link Account#EMPTY} if new)
 * @param rewardedProofs the proofs the block rewarded
 * @param tipBefore the model tip before the block
 * @param rewardedVersions the versions the block rewarded, in block order
 */
public record BlockUndo(long mintedBefore, SortedMap<AccountId, Account> accountsBefore, SortedSet<String> rewardedProofs,
        String tipBefore, List<ModelLink> rewardedVersions) {

    public BlockUndo {
        rewardedVersions = List.copyOf(rewardedVersions);
    }

    /** Applies the undo on top of {@code changes}. */
    public void applyTo(StateChanges changes) {
        accountsBefore.forEach(changes::put);
        rewardedProofs.forEach(changes::unmarkRewarded);
        rewardedVersions.forEach(changes::removeVersion);
        changes.setModelTip(tipBefore);
        changes.setMinted(mintedBefore);
    }

    /**
     * minted (u64) | account count (u32) | each: id (20), record length (u16), record | proof count (u32) | each: u8 len,
     * ASCII | tip before (32) | version count (u32) | each: version (32), parent (32), fingerprint (32).
     */
    public byte[] encode() {
        int size = 8 + 4 + 4 + 32 + 4 + 96 * rewardedVersions.size();
        for (Account a : accountsBefore.values()) {
            size += AccountId.LENGTH + 2 + a.encode().length;
        }
        for (String p : rewardedProofs) {
            size += 1 + p.length();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putLong(mintedBefore).putInt(accountsBefore.size());
        for (Map.Entry<AccountId, Account> e : accountsBefore.entrySet()) {
            byte[] record = e.getValue().encode();
            out.put(e.getKey().bytes()).putShort((short) record.length).put(record);
        }
        out.putInt(rewardedProofs.size());
        for (String p : rewardedProofs) {
            byte[] b = p.getBytes(StandardCharsets.US_ASCII);
            out.put((byte) b.length).put(b);
        }
        out.put(ModelLink.raw(tipBefore)).putInt(rewardedVersions.size());
        for (ModelLink v : rewardedVersions) {
            out.put(ModelLink.raw(v.versionHash())).put(v.encodeValue());
        }
        return out.array();
    }

    public static BlockUndo decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long minted = in.getLong();
        int n = in.getInt();
        TreeMap<AccountId, Account> accounts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[AccountId.LENGTH];
            in.get(id);
            byte[] record = new byte[in.getShort() & 0xFFFF];
            in.get(record);
            accounts.put(AccountId.of(id), Account.decode(record));
        }
        int proofs = in.getInt();
        TreeSet<String> rewarded = new TreeSet<>();
        for (int i = 0; i < proofs; i++) {
            byte[] b = new byte[in.get() & 0xFF];
            in.get(b);
            rewarded.add(new String(b, StandardCharsets.US_ASCII));
        }
        byte[] tip = new byte[32];
        in.get(tip);
        int count = in.getInt();
        List<ModelLink> versions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] version = new byte[32];
            byte[] value = new byte[64];
            in.get(version).get(value);
            versions.add(ModelLink.decode(HexFormat.of().formatHex(version), value));
        }
        return new BlockUndo(minted, accounts, rewarded, HexFormat.of().formatHex(tip), versions);
    }
}
