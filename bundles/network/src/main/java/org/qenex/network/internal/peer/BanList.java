package org.qenex.network.internal.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.qenex.api.network.BanInfo;
import org.qenex.network.internal.OwnerOnlyFiles;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Banned hosts, persisted in {@code bans.json} in the bundle's data folder (a JSON array of
 * {@code {"host", "untilMillis", "reason"}}) so that a restart does not let a hostile peer back in.
 * Thread-safe; written on every change (bans are rare).
 */
final class BanList {

    static final String FILE = "bans.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, BanInfo> bans = new HashMap<>();

    private BanList(Path file) {
        this.file = file;
    }

    /** Reads the list; an unreadable file is an error with the fix, not silently an empty list. */
    static BanList open(Path folder) throws IOException {
        BanList list = new BanList(folder.resolve(FILE));
        if (Files.exists(list.file)) {
            try {
                for (BanInfo ban : JSON.readValue(list.file.toFile(), new TypeReference<List<BanInfo>>() { })) {
                    list.bans.put(ban.host(), ban);
                }
            } catch (IOException e) {
                throw new IOException(list.file + " is not a ban list (" + e.getMessage() + "): fix or delete it", e);
            }
        }
        return list;
    }

    /** Bans {@code host} until {@code untilMillis}; a longer existing ban is kept. Whether it was not banned. */
    synchronized boolean ban(String host, long untilMillis, String reason, long now) throws IOException {
        BanInfo existing = bans.get(host);
        boolean fresh = existing == null || existing.untilMillis() <= now;
        if (existing == null || existing.untilMillis() < untilMillis) {
            bans.put(host, new BanInfo(host, untilMillis, reason));
            save();
        }
        return fresh;
    }

    synchronized boolean unban(String host) throws IOException {
        boolean removed = bans.remove(host) != null;
        if (removed) {
            save();
        }
        return removed;
    }

    synchronized boolean isBanned(String host, long now) {
        BanInfo ban = bans.get(host);
        return ban != null && ban.untilMillis() > now;
    }

    /** Drops expired bans; whether any were. */
    synchronized boolean expire(long now) throws IOException {
        boolean changed = bans.values().removeIf(ban -> ban.untilMillis() <= now);
        if (changed) {
            save();
        }
        return changed;
    }

    synchronized List<BanInfo> list(long now) {
        List<BanInfo> list = new ArrayList<>();
        for (BanInfo ban : bans.values()) {
            if (ban.untilMillis() > now) {
                list.add(ban);
            }
        }
        list.sort(Comparator.comparing(BanInfo::host));
        return list;
    }

    private void save() throws IOException {
        List<BanInfo> all = new ArrayList<>(bans.values());
        all.sort(Comparator.comparing(BanInfo::host));
        OwnerOnlyFiles.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
    }
}
