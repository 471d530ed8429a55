package org.qenex.ai.tasks.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import org.qenex.api.ai.Attribute;
import org.qenex.api.ai.Dataset;
import org.qenex.api.ai.TaskData;

/**
 * Reads the shipped text data of a task, a gzipped file of {@code split TAB label TAB text} lines
 * (see {@code prepare-data.sh}), and splits it with the held-out secret: the file's split column
 * only says how many rows of each label each split gets. Per label, rows are ranked by
 * {@code SHA-256(secret ":" epoch ":" text)} (unsigned bytes, then file order); the first ranks are
 * held out, the next public, the rest training; every split keeps file order. Without the secret
 * nobody can tell which shipped rows are held out, or which the node trains on.
 */
final class TsvSplits {

    static final String TRAINING = "train";
    static final String PUBLIC = "public";
    static final String HELD_OUT = "heldout";

    private TsvSplits() {
    }

    static TaskData load(String resource, String textName, String className, String secret, long epoch) {
        List<String[]> lines = read(resource);
        TreeSet<String> labels = new TreeSet<>();
        lines.forEach(fields -> labels.add(fields[1]));
        List<Attribute> attributes = List.of(Attribute.text(textName), Attribute.nominal(className, List.copyOf(labels)));
        String[] assigned = assign(lines, secret, epoch);
        return new TaskData(split(lines, assigned, TRAINING, attributes), split(lines, assigned, PUBLIC, attributes),
                split(lines, assigned, HELD_OUT, attributes));
    }

    /** The split of every line, in file order. */
    static String[] assign(List<String[]> lines, String secret, long epoch) {
        Map<String, List<Integer>> byLabel = new HashMap<>();
        Map<String, int[]> sizes = new HashMap<>(); // label -> {held-out, public}
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = lines.get(i);
            byLabel.computeIfAbsent(fields[1], k -> new ArrayList<>()).add(i);
            int[] size = sizes.computeIfAbsent(fields[1], k -> new int[2]);
            if (fields[0].equals(HELD_OUT)) {
                size[0]++;
            } else if (fields[0].equals(PUBLIC)) {
                size[1]++;
            }
        }
        String[] assigned = new String[lines.size()];
        byte[][] keys = new byte[lines.size()][];
        MessageDigest sha256 = sha256();
        for (int i = 0; i < lines.size(); i++) {
            keys[i] = sha256.digest((secret + ":" + epoch + ":" + lines.get(i)[2]).getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, List<Integer>> label : byLabel.entrySet()) {
            List<Integer> ranked = new ArrayList<>(label.getValue());
            ranked.sort(Comparator.<Integer, byte[]>comparing(i -> keys[i], Arrays::compareUnsigned)
                    .thenComparing(Comparator.naturalOrder()));
            int[] size = sizes.get(label.getKey());
            for (int rank = 0; rank < ranked.size(); rank++) {
                assigned[ranked.get(rank)] = rank < size[0] ? HELD_OUT : rank < size[0] + size[1] ? PUBLIC : TRAINING;
            }
        }
        return assigned;
    }

    static List<String[]> read(String resource) {
        List<String[]> lines = new ArrayList<>();
        try (InputStream raw = TsvSplits.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("task data missing from the bundle: " + resource);
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] fields = line.split("\t", 3);
                    if (fields.length != 3) {
                        throw new IllegalStateException(resource + ": malformed line " + (lines.size() + 1));
                    }
                    lines.add(fields);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return lines;
    }

    private static Dataset split(List<String[]> lines, String[] assigned, String split, List<Attribute> attributes) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (assigned[i].equals(split)) {
                String[] fields = lines.get(i);
                rows.add(List.of(fields[2], fields[1]));
            }
        }
        return new Dataset(attributes, 1, rows);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
