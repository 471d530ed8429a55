package org.qenex.network.internal.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.qenex.api.network.KnownAddress;
import org.qenex.network.internal.OwnerOnlyFiles;
import org.qenex.network.internal.wire.HostPort;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The addresses the node may dial, persisted in {@code addresses.json} in the bundle's data folder
 * (a JSON array of {@link KnownAddress}). Seeds come from the configuration at every start; an
 * operator's and learned addresses survive restarts. Learned addresses are tried after the others
 * and dropped after {@value #LEARNED_FAILURES_DROPPED} failures in a row unless a handshake with
 * them once succeeded. Thread-safe; {@link #saveIfChanged()} writes it.
 */
final class AddressBook {

    static final String FILE = "addresses.json";
    static final int MAX_ENTRIES = 1000;
    static final int LEARNED_FAILURES_DROPPED = 3;
    static final long FIRST_BACKOFF_MILLIS = 1_000;
    static final long MAX_BACKOFF_MILLIS = 5 * 60_000;
    /** How long an address whose node is on another chain or genesis is left alone. */
    static final long INCOMPATIBLE_PAUSE_MILLIS = 60 * 60_000;

    static final String SEED = "seed";
    static final String MANUAL = "manual";
    static final String LEARNED = "learned";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<HostPort, KnownAddress> entries = new LinkedHashMap<>();
    private boolean changed;

    private AddressBook(Path file) {
        this.file = file;
    }

    static AddressBook open(Path folder, Collection<HostPort> seeds) throws IOException {
        AddressBook book = new AddressBook(folder.resolve(FILE));
        if (Files.exists(book.file)) {
            try {
                for (KnownAddress entry : JSON.readValue(book.file.toFile(), new TypeReference<List<KnownAddress>>() { })) {
                    HostPort address = HostPort.parse(entry.address(), 0);
                    // a seed removed from the configuration stays only if it proved itself
                    if (!entry.source().equals(SEED) || entry.verified()) {
                        book.entries.put(address, entry);
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new IOException(book.file + " is not an address book (" + e.getMessage() + "): fix or delete it", e);
            }
        }
        for (HostPort seed : seeds) {
            KnownAddress old = book.entries.get(seed);
            book.entries.put(seed, old == null ? new KnownAddress(seed.toString(), SEED, false, 0, 0, 0)
                    : new KnownAddress(seed.toString(), SEED, old.verified(), 0, 0, old.lastConnectedMillis()));
        }
        return book;
    }

    /** Adds an operator's address (or makes a known one manual) and clears its backoff. */
    synchronized void addManual(HostPort address) {
        KnownAddress old = entries.get(address);
        String source = old != null && old.source().equals(SEED) ? SEED : MANUAL;
        entries.put(address, new KnownAddress(address.toString(), source, old != null && old.verified(), 0, 0,
                old == null ? 0 : old.lastConnectedMillis()));
        changed = true;
    }

    /** Adds an address a peer told about, if unknown and there is room. Whether it was added. */
    synchronized boolean learn(HostPort address) {
        if (entries.containsKey(address) || entries.size() >= MAX_ENTRIES) {
            return false;
        }
        entries.put(address, new KnownAddress(address.toString(), LEARNED, false, 0, 0, 0));
        changed = true;
        return true;
    }

    synchronized boolean remove(HostPort address) {
        boolean removed = entries.remove(address) != null;
        changed |= removed;
        return removed;
    }

    synchronized boolean contains(HostPort address) {
        return entries.containsKey(address);
    }

    /** Addresses due for a try, not in {@code skip}: seeds and manual ones first, then verified, then learned. */
    synchronized List<HostPort> candidates(long now, Set<HostPort> skip, int limit) {
        List<Map.Entry<HostPort, KnownAddress>> due = new ArrayList<>();
        for (Map.Entry<HostPort, KnownAddress> e : entries.entrySet()) {
            if (e.getValue().nextAttemptMillis() <= now && !skip.contains(e.getKey())) {
                due.add(e);
            }
        }
        due.sort(Comparator.comparingInt((Map.Entry<HostPort, KnownAddress> e) -> rank(e.getValue()))
                .thenComparingLong(e -> e.getValue().nextAttemptMillis()));
        return due.stream().limit(limit).map(Map.Entry::getKey).toList();
    }

    private static int rank(KnownAddress entry) {
        if (!entry.source().equals(LEARNED)) {
            return 0;
        }
        return entry.verified() ? 1 : 2;
    }

    /** A dial or handshake failed: back off exponentially (1 s, 2 s, 4 s ... 5 min). */
    synchronized void failed(HostPort address, long now) {
        KnownAddress old = entries.get(address);
        if (old == null) {
            return;
        }
        int failures = old.failures() + 1;
        if (old.source().equals(LEARNED) && !old.verified() && failures >= LEARNED_FAILURES_DROPPED) {
            entries.remove(address);
        } else {
            long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(20, failures - 1));
            entries.put(address, new KnownAddress(old.address(), old.source(), old.verified(), failures, now + backoff,
                    old.lastConnectedMillis()));
        }
        changed = true;
    }

    /** The node there is on another chain or genesis: leave it alone for an hour. */
    synchronized void incompatible(HostPort address, long now) {
        KnownAddress old = entries.get(address);
        if (old != null) {
            entries.put(address, new KnownAddress(old.address(), old.source(), old.verified(), old.failures() + 1,
                    now + INCOMPATIBLE_PAUSE_MILLIS, old.lastConnectedMillis()));
            changed = true;
        }
    }

    /** Every entry waiting out a backoff or pause is due now (an operator lifted a ban). */
    synchronized void retryNow(long now) {
        entries.replaceAll((address, old) -> old.nextAttemptMillis() <= now ? old
                : new KnownAddress(old.address(), old.source(), old.verified(), 0, now, old.lastConnectedMillis()));
        changed = true;
    }

    /** A handshake succeeded: verified, no backoff. */
    synchronized void connected(HostPort address, long now) {
        KnownAddress old = entries.get(address);
        if (old != null) {
            entries.put(address, new KnownAddress(old.address(), old.source(), true, 0, 0, now));
            changed = true;
        }
    }

    /** A connection that was up went down: try again after the first backoff step. */
    synchronized void disconnected(HostPort address, long now) {
        KnownAddress old = entries.get(address);
        if (old != null) {
            entries.put(address, new KnownAddress(old.address(), old.source(), old.verified(), 0, now + FIRST_BACKOFF_MILLIS,
                    old.lastConnectedMillis()));
            changed = true;
        }
    }

    /** Verified addresses, most recently connected first: what this node tells its peers. */
    synchronized List<HostPort> verified(int limit) {
        return entries.entrySet().stream().filter(e -> e.getValue().verified())
                .sorted(Comparator.comparingLong((Map.Entry<HostPort, KnownAddress> e) -> e.getValue().lastConnectedMillis()).reversed())
                .limit(limit).map(Map.Entry::getKey).toList();
    }

    synchronized List<KnownAddress> list() {
        return List.copyOf(entries.values());
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized void saveIfChanged() throws IOException {
        if (changed) {
            OwnerOnlyFiles.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries.values()));
            changed = false;
        }
    }
}
