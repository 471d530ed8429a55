package org.qenex.ai.internal.candidate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.Store;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Candidates in the store, namespace {@value #NAMESPACE}, keyed by id ({@code c} and a 12-digit sequence). */
public final class CandidateBook {

    public static final String NAMESPACE = "ai.candidates";

    /** What every candidate id looks like ({@link #nextId()}). */
    public static final String ID_PATTERN = "c[0-9]{12}";

    private final Namespace<String, byte[]> candidates;
    private final ObjectMapper mapper = new ObjectMapper();
    private long lastSequence;
    private volatile Consumer<CandidateRecord> changes = record -> { };

    public CandidateBook(Store store) {
        this.candidates = store.namespace(NAMESPACE, Compression.DEFLATE, Codecs.STRING, Codecs.BYTES);
        List<CandidateRecord> all = all();
        this.lastSequence = all.isEmpty() ? 0 : Long.parseLong(all.get(all.size() - 1).id().substring(1));
    }

    public Namespace<String, byte[]> namespace() {
        return candidates;
    }

    public synchronized String nextId() {
        return String.format("c%012d", ++lastSequence);
    }

    /** The candidate {@code id}; empty for any text that is not a candidate id (never handed to the store as a key). */
    public Optional<CandidateRecord> get(String id) {
        if (id == null || !id.matches(ID_PATTERN)) {
            return Optional.empty();
        }
        return candidates.get(id).map(this::decode);
    }

    /** Stores the candidate as it is now; every state change goes through here, and is then told to the listener. */
    public void put(CandidateRecord record) {
        candidates.put(record.id(), encode(record));
        changes.accept(record);
    }

    /** Who hears of each candidate stored (the node's events); one listener, replacing the last. */
    public void onChange(Consumer<CandidateRecord> listener) {
        this.changes = listener;
    }

    /** All candidates, oldest first. */
    public List<CandidateRecord> all() {
        List<CandidateRecord> result = new ArrayList<>();
        String from = null;
        while (true) {
            var page = candidates.range(from, null, 1000);
            page.forEach(kv -> result.add(decode(kv.value())));
            if (page.size() < 1000) {
                return result;
            }
            from = page.get(page.size() - 1).key() + "\0";
        }
    }

    /** The candidates waiting to be judged, oldest first. */
    public List<CandidateRecord> waiting() {
        return all().stream().filter(c -> c.state() == CandidateState.QUEUED).toList();
    }

    /** How many candidates wait to be judged. */
    public long queued() {
        return waiting().size();
    }

    /** How many candidates are in each state (every state listed). */
    public Map<CandidateState, Long> counts() {
        Map<CandidateState, Long> counts = new EnumMap<>(CandidateState.class);
        for (CandidateState state : CandidateState.values()) {
            counts.put(state, 0L);
        }
        all().forEach(c -> counts.merge(c.state(), 1L, Long::sum));
        return counts;
    }

    public byte[] encode(CandidateRecord record) {
        try {
            return mapper.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CandidateRecord decode(byte[] bytes) {
        try {
            return mapper.readValue(bytes, CandidateRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored candidate cannot be read", e);
        }
    }
}
