package org.qenex.ai.internal.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.qenex.ai.internal.gate.Ladder;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.Store;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One {@link Ladder} per task and its history, stored in namespace {@value #NAMESPACE} under
 * {@code task/sequence}; the ladder's best is rebuilt from the history on start.
 */
public final class Leaderboards {

    public static final String NAMESPACE = "ai.leaderboard";

    private final Namespace<String, byte[]> entries;
    private final long stepPpm;
    private final Map<String, Ladder> ladders = new HashMap<>();
    private final ObjectMapper mapper = new ObjectMapper();

    public Leaderboards(Store store, long stepPpm) {
        this.entries = store.namespace(NAMESPACE, Codecs.STRING, Codecs.BYTES);
        this.stepPpm = stepPpm;
    }

    /** Records a public score; returns the entry when it set a new best (and is therefore shown). */
    public synchronized java.util.Optional<LeaderboardEntry> submit(String task, String candidate, String contributor,
            long publicPpm, long nowMillis) {
        List<LeaderboardEntry> history = history(task);
        Ladder ladder = ladders.computeIfAbsent(task,
                t -> new Ladder(stepPpm, history.isEmpty() ? -1 : history.get(history.size() - 1).shownPpm()));
        Ladder.LadderStep step = ladder.submit(publicPpm);
        if (!step.improved()) {
            return java.util.Optional.empty();
        }
        LeaderboardEntry entry = new LeaderboardEntry(task, candidate, contributor, step.shownPpm(), nowMillis);
        try {
            entries.put(task + "/" + String.format("%012d", history.size() + 1), mapper.writeValueAsBytes(entry));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Optional.of(entry);
    }

    /** The task's new bests, oldest first. */
    public List<LeaderboardEntry> history(String task) {
        List<LeaderboardEntry> result = new ArrayList<>();
        for (var kv : entries.prefix(task + "/", 10_000)) {
            try {
                result.add(mapper.readValue(kv.value(), LeaderboardEntry.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return result;
    }
}
