package org.qenex.storage.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.qenex.api.storage.Compression;
import org.qenex.api.storage.NamespaceNotOwnedException;
import org.qenex.api.storage.StorageException;

/**
 * Who owns which namespace, and what a bundle may do with it. The records live in the store itself
 * (namespace {@value #NAMESPACE}), so they are as durable as the data, are in every backup, and a
 * restore brings back the owners of the data it brings back.
 *
 * <ul>
 * <li>A namespace with a record belongs to its owner; other bundles may open it only if the owner
 * shares it, and never drop it.</li>
 * <li>A namespace without a record (new, or made before ownership existed) is claimed by the first
 * bundle that opens it: the record is committed together with the definition. A name under a
 * reserved prefix can only be claimed by the bundle the prefix is reserved for, so that whichever
 * bundle starts first after an upgrade, the node's own namespaces go to their bundles.</li>
 * </ul>
 * Callers serialise claims and drops (the store holds its claims lock).
 */
final class NamespaceOwners {

    /** The records: key the namespace name, value a {@link NamespaceOwner}. */
    static final String NAMESPACE = "storage.owners";
    static final String STORAGE_BUNDLE = "org.qenex.storage";
    private static final int MAX_RECORDS = 1_000_000;

    /** Prefix to the symbolic name of the only bundle that may claim names under it. */
    private final Map<String, String> reserved;

    NamespaceOwners(Map<String, String> reserved) {
        this.reserved = Map.copyOf(reserved);
    }

    /** Parses {@code prefix=symbolic.name} entries (the configuration's form). */
    static Map<String, String> reservations(String[] entries) {
        Map<String, String> out = new TreeMap<>();
        out.put("storage.", STORAGE_BUNDLE);
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("a reserved prefix is prefix=bundle.symbolic.name, not " + entry);
            }
            out.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return out;
    }

    /** The bundle {@code namespace}'s name is reserved for, or {@code null}. */
    String reservedFor(String namespace) {
        String owner = null;
        int longest = -1;
        for (Map.Entry<String, String> e : reserved.entrySet()) {
            if (namespace.startsWith(e.getKey()) && e.getKey().length() > longest) {
                owner = e.getValue();
                longest = e.getKey().length();
            }
        }
        return owner;
    }

    /**
     * Lets {@code claimant} use {@code name}: defines it if missing (or switches its compression),
     * records the claimant as owner if it had none, and keeps the owner's shared flag in step with
     * its manifest. Returns once durable and applied.
     *
     * @throws NamespaceNotOwnedException if another bundle owns it and does not share it, or the
     *         name is reserved for another bundle
     */
    void open(StorageEngine engine, NamespaceClaimant claimant, String name, Compression compression) {
        InputRules.namespace(name);
        refuseRecords(name);
        NamespaceOwner owner = owner(engine, name);
        if (owner != null && !owner.bundle().equals(claimant.bundle())) {
            if (!owner.shared()) {
                throw new NamespaceNotOwnedException(StorageException.NAMESPACE_NOT_OWNED, "namespace " + name
                        + " belongs to bundle " + owner.bundle() + ", which does not share it; choose a namespace of your own");
            }
            // a user of a shared namespace does not change its compression: that is the owner's choice
            engine.define(name, null, List.of());
            return;
        }
        if (owner == null) {
            refuseReserved(claimant.bundle(), name);
        }
        NamespaceOwner wanted = new NamespaceOwner(claimant.bundle(), claimant.shares(name));
        engine.define(NAMESPACE, null, List.of());
        engine.define(name, compression, wanted.equals(owner) ? List.of() : List.of(record(name, wanted)));
    }

    /**
     * Drops {@code name} with its record. {@code claimant} {@code null} is an administrator, who may
     * drop any namespace but the records'.
     *
     * @return whether it existed
     */
    boolean drop(StorageEngine engine, NamespaceClaimant claimant, String name) {
        InputRules.namespace(name);
        refuseRecords(name);
        NamespaceOwner owner = owner(engine, name);
        if (claimant != null) {
            if (owner != null && !owner.bundle().equals(claimant.bundle())) {
                throw new NamespaceNotOwnedException(StorageException.NAMESPACE_NOT_OWNED, "namespace " + name
                        + " belongs to bundle " + owner.bundle() + ": only its owner can drop it");
            }
            if (owner == null) {
                refuseReserved(claimant.bundle(), name);
            }
        }
        return engine.drop(name, owner == null ? List.of() : List.of(new BatchOp(NAMESPACE, key(name), null)));
    }

    /** Every namespace with its owner, {@code null} for one not claimed yet; by name. */
    Map<String, NamespaceOwner> owners(StorageEngine engine) {
        Map<String, NamespaceOwner> out = new TreeMap<>();
        for (String name : engine.namespaces()) {
            out.put(name, null);
        }
        if (out.containsKey(NAMESPACE)) {
            out.put(NAMESPACE, new NamespaceOwner(STORAGE_BUNDLE, false));
            for (byte[][] kv : engine.scan(NAMESPACE, null, null, MAX_RECORDS)) {
                String name = new String(kv[0], StandardCharsets.UTF_8);
                if (out.containsKey(name)) {
                    out.put(name, NamespaceOwner.decode(kv[1]));
                }
            }
        }
        return out;
    }

    /** Whether {@code claimant} may open {@code name}, owned by {@code owner}, without being refused. */
    static boolean visible(NamespaceClaimant claimant, String name, NamespaceOwner owner) {
        return !NAMESPACE.equals(name) && owner != null && (owner.shared() || owner.bundle().equals(claimant.bundle()));
    }

    private NamespaceOwner owner(StorageEngine engine, String name) {
        if (!engine.namespaces().contains(NAMESPACE)) {
            return null;
        }
        byte[] record = engine.get(NAMESPACE, key(name));
        return record == null ? null : NamespaceOwner.decode(record);
    }

    private void refuseReserved(String bundle, String name) {
        String reservedFor = reservedFor(name);
        if (reservedFor != null && !reservedFor.equals(bundle)) {
            throw new NamespaceNotOwnedException(StorageException.NAMESPACE_NOT_OWNED, "namespace " + name
                    + " is reserved for bundle " + reservedFor + "; choose a namespace of your own");
        }
    }

    private static void refuseRecords(String name) {
        if (NAMESPACE.equals(name)) {
            throw new NamespaceNotOwnedException(StorageException.NAMESPACE_NOT_OWNED,
                    "namespace " + NAMESPACE + " holds the store's ownership records; no bundle opens or drops it");
        }
    }

    private static BatchOp record(String name, NamespaceOwner owner) {
        return new BatchOp(NAMESPACE, key(name), owner.encode());
    }

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
