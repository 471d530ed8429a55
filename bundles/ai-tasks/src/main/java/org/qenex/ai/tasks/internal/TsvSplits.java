package org.qenex.ai.tasks.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import org.qenex.api.ai.Attribute;
import org.qenex.api.ai.Dataset;
import org.qenex.api.ai.TaskData;

/**
 * Reads the committed, prepared text data of a task: a gzipped file of {@code split TAB label TAB
 * text} lines (see {@code prepare-data.sh}) into a {@link TaskData} with a text column and a
 * nominal class whose labels are sorted.
 */
final class TsvSplits {

    private TsvSplits() {
    }

    static TaskData load(String resource, String textName, String className) {
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
        TreeSet<String> labels = new TreeSet<>();
        lines.forEach(fields -> labels.add(fields[1]));
        List<Attribute> attributes = List.of(Attribute.text(textName), Attribute.nominal(className, List.copyOf(labels)));
        return new TaskData(split(lines, "train", attributes), split(lines, "public", attributes),
                split(lines, "heldout", attributes));
    }

    private static Dataset split(List<String[]> lines, String split, List<Attribute> attributes) {
        List<List<String>> rows = new ArrayList<>();
        for (String[] fields : lines) {
            if (fields[0].equals(split)) {
                rows.add(List.of(fields[2], fields[1]));
            }
        }
        return new Dataset(attributes, 1, rows);
    }
}
