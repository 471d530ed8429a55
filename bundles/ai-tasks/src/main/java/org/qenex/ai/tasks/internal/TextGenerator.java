package org.qenex.ai.tasks.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import org.qenex.api.ai.Attribute;
import org.qenex.api.ai.Dataset;

/**
 * A text task's generator: per label, an n-gram model of characters or tokens fitted once from the
 * prepared corpus ({@code prepare/FitTextGenerators.java}). Every split of a text task is sampled
 * from it: training and public rows with public seeds, held-out rows with a seed derived from the
 * held-out secret and the epoch. So no row the node decides on exists anywhere until its epoch
 * draws it, as for the mathematics task. The file format and the sampling rules are in
 * docs/data.md ("The text tasks"); an outsider reproduces them with plain Java.
 */
final class TextGenerator {

    static final String MAGIC = "QXTG";

    /** What one symbol is: a Unicode code point ({@code char}) or a token (rows join tokens with one space). */
    enum Unit {
        CHAR, TOKEN
    }

    /**
     * The symbols seen after one context, in file order, with cumulative counts, and for each symbol
     * the context it leads to (linked once after reading, so that a draw walks objects instead of
     * joining and hashing a context string per symbol).
     */
    private static final class Successors {

        final String[] symbols;
        final int[] cumulative;
        final Successors[] after;

        Successors(String[] symbols, int[] cumulative) {
            this.symbols = symbols;
            this.cumulative = cumulative;
            this.after = new Successors[symbols.length];
        }

        int draw(SplittableRandom random) {
            int r = random.nextInt(cumulative[cumulative.length - 1]);
            int i = 0;
            while (cumulative[i] <= r) {
                i++;
            }
            return i;
        }
    }

    private final Unit unit;
    private final List<String> labels;
    /** label -> the start context's successors (linked to every context reachable from it) */
    private final Map<String, Successors> starts;

    private TextGenerator(Unit unit, Map<String, Successors> starts) {
        this.unit = unit;
        this.labels = List.copyOf(starts.keySet());
        this.starts = starts;
    }

    /** The labels, in Java String order (the order of the task's nominal class attribute). */
    List<String> labels() {
        return labels;
    }

    /**
     * One split: {@code perLabel} rows of every label, label by label in turn (round {@code i} draws
     * one row of each label in label order), from {@code SplittableRandom(seed)}. A draw shorter
     * than {@code minSymbols}, or whose text is in {@code excluded}, is drawn again.
     *
     * @param excluded texts the split must not contain (the splits drawn before it); not changed
     */
    Dataset sample(long seed, int perLabel, int minSymbols, int maxSymbols, Set<String> excluded,
            List<Attribute> attributes) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<String>> rows = new ArrayList<>(perLabel * labels.size());
        for (int i = 0; i < perLabel; i++) {
            for (String label : labels) {
                String text;
                do {
                    text = draw(starts.get(label), random, minSymbols, maxSymbols);
                } while (text == null || excluded.contains(text));
                rows.add(List.of(text, label));
            }
        }
        return new Dataset(attributes, 1, rows);
    }

    /** One text: symbols drawn from the start context until the end symbol or {@code max}; null if shorter than {@code min}. */
    private String draw(Successors start, SplittableRandom random, int min, int max) {
        StringBuilder text = new StringBuilder();
        Successors context = start;
        int drawn = 0;
        while (drawn < max) {
            int i = context.draw(random);
            if (context.symbols[i].isEmpty()) {
                break;
            }
            if (drawn > 0 && unit == Unit.TOKEN) {
                text.append(' ');
            }
            text.append(context.symbols[i]);
            drawn++;
            Successors next = context.after[i];
            if (next == null && drawn < max) { // a fitted generator has a line for every context it reaches
                throw new IllegalStateException("the generator has no line after the symbol '" + context.symbols[i] + "'");
            }
            context = next;
        }
        return drawn < min ? null : text.toString();
    }

    /** The texts of a split, to exclude from the splits drawn after it. */
    static Set<String> texts(Dataset... splits) {
        Set<String> texts = new HashSet<>();
        for (Dataset split : splits) {
            split.rows().forEach(row -> texts.add(row.get(0)));
        }
        return texts;
    }

    static TextGenerator read(String resource) {
        try (InputStream raw = TextGenerator.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("task generator missing from the bundle: " + resource);
            }
            return read(raw, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static TextGenerator read(InputStream gzipped, String name) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(gzipped),
                StandardCharsets.UTF_8))) {
            String[] header = String.valueOf(in.readLine()).split("\t", -1);
            if (header.length != 4 || !header[0].equals(MAGIC) || !header[1].equals("1")) {
                throw new IllegalStateException(name + ": not a QXTG 1 text generator");
            }
            Unit unit = Unit.valueOf(header[2].toUpperCase(java.util.Locale.ROOT));
            int order = Integer.parseInt(header[3]);
            Map<String, Map<String, Successors>> models = new TreeMap<>();
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                String[] fields = line.split("\t", -1);
                int entries = (fields.length - order) / 2;
                if (fields.length < order + 2 || (fields.length - order) % 2 != 0) {
                    throw new IllegalStateException(name + ": malformed line " + number);
                }
                String[] symbols = new String[entries];
                int[] cumulative = new int[entries];
                int total = 0;
                for (int e = 0; e < entries; e++) {
                    symbols[e] = fields[order + 2 * e];
                    int count = Integer.parseInt(fields[order + 2 * e + 1]);
                    if (count <= 0) {
                        throw new IllegalStateException(name + ": count not positive on line " + number);
                    }
                    total = Math.addExact(total, count);
                    cumulative[e] = total;
                }
                String context = String.join("\t", Arrays.asList(fields).subList(1, order));
                models.computeIfAbsent(fields[0], k -> new HashMap<>()).put(context, new Successors(symbols, cumulative));
            }
            // link each symbol to the context it leads to: the context without its first symbol, then the symbol
            Map<String, Successors> starts = new TreeMap<>();
            for (Map.Entry<String, Map<String, Successors>> label : models.entrySet()) {
                for (Map.Entry<String, Successors> entry : label.getValue().entrySet()) {
                    String[] context = entry.getKey().split("\t", -1);
                    Successors successors = entry.getValue();
                    for (int e = 0; e < successors.symbols.length; e++) {
                        if (!successors.symbols[e].isEmpty()) {
                            List<String> shifted = new ArrayList<>(Arrays.asList(context).subList(1, context.length));
                            shifted.add(successors.symbols[e]);
                            successors.after[e] = label.getValue().get(String.join("\t", shifted));
                        }
                    }
                }
                Successors start = label.getValue().get(String.join("\t", java.util.Collections.nCopies(order - 1, "")));
                if (start == null) {
                    throw new IllegalStateException(name + ": no start context for label " + label.getKey());
                }
                starts.put(label.getKey(), start);
            }
            return new TextGenerator(unit, starts);
        }
    }
}
