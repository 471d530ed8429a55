package org.qenex.ai.internal.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks whose check passed on an earlier start, one line each: the task's name and version and
 * the exact jar it came from (symbolic name, version, and when it was installed or updated). The
 * same jar registering the same task again needs no second check at registration, so a restart
 * draws no task data (the text tasks' generators are tens of MB while read, and G1 kept that heap
 * committed); a task is still checked when it is first used, as every task is. A new jar, even of
 * the same version, is checked again.
 */
final class VerifiedTasks {

    private static final Logger LOG = LoggerFactory.getLogger(VerifiedTasks.class);

    private final Path file;
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    /** @param file where the list is kept; {@code null} keeps it in memory only */
    VerifiedTasks(Path file) {
        this.file = file;
        if (file != null && Files.isRegularFile(file)) {
            try {
                keys.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                // Only a shortcut is lost: every task is checked again.
                LOG.warn("Could not read the verified tasks in {}; checking every task again: {}", file, e.toString());
            }
        }
    }

    /** The key of a task from {@code bundle}; empty when the task's origin is unknown (then it is always checked). */
    static String key(Bundle bundle, String task, String taskVersion) {
        if (bundle == null) {
            return "";
        }
        String line = bundle.getSymbolicName() + " " + bundle.getVersion() + " " + bundle.getLastModified() + " " + task
                + " " + taskVersion;
        return line.contains("\n") ? "" : line;
    }

    private static boolean sameTask(String a, String b) {
        String[] x = a.split(" ");
        String[] y = b.split(" ");
        return x.length == 5 && y.length == 5 && x[0].equals(y[0]) && x[3].equals(y[3]);
    }

    boolean contains(String key) {
        return !key.isEmpty() && keys.contains(key);
    }

    /** Records {@code key}, replacing the entry of an older jar of the same bundle for the same task. */
    void add(String key) {
        if (key.isEmpty() || keys.contains(key)) {
            return;
        }
        synchronized (this) {
            keys.removeIf(old -> sameTask(old, key));
            keys.add(key);
            if (file == null) {
                return;
            }
            List<String> lines = new ArrayList<>(keys);
            Collections.sort(lines);
            try {
                Files.createDirectories(file.getParent());
                Path partial = file.resolveSibling(file.getFileName() + ".partial");
                Files.write(partial, lines, StandardCharsets.UTF_8);
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.warn("Could not save the verified tasks in {}; the next start checks them again: {}", file,
                        e.toString());
            }
        }
    }
}
