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

    /** The symbols seen after one context, in file order, with cumulative counts. */
    private record Successors(String[] symbols, int[] cumulative) {

        String draw(SplittableRandom random) {
            int r = random.nextInt(cumulative[cumulative.length - 1]);
            int i = 0;
            while (cumulative[i] <= r) {
                i++;
            }
            return symbols[i];
        }
    }

    private final Unit unit;
    private final int order;
    private final List<String> labels;
    /** label -> context (its symbols joined by TAB) -> successors */
    private final Map<String, Map<String, Successors>> models;

    private TextGenerator(Unit unit, int order, Map<String, Map<String, Successors>> models) {
        this.unit = unit;
        this.order = order;
        this.labels = List.copyOf(models.keySet());
        this.models = models;
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
                    text = draw(models.get(label), random, minSymbols, maxSymbols);
                } while (text == null || excluded.contains(text));
                rows.add(List.of(text, label));
            }
        }
        return new Dataset(attributes, 1, rows);
    }

    /** One text: symbols drawn from the start context until the end symbol or {@code max}; null if shorter than {@code min}. */
    private String draw(Map<String, Successors> model, SplittableRandom random, int min, int max) {
        String[] context = new String[order - 1];
        Arrays.fill(context, "");
        List<String> symbols = new ArrayList<>();
        while (symbols.size() < max) {
            Successors successors = model.get(String.join("\t", context));
            if (successors == null) { // a fitted generator has a line for every context it can reach
                throw new IllegalStateException("the generator has no line for the context " + List.of(context));
            }
            String next = successors.draw(random);
            if (next.isEmpty()) {
                break;
            }
            symbols.add(next);
            if (context.length > 0) {
                System.arraycopy(context, 1, context, 0, context.length - 1);
                context[context.length - 1] = next;
            }
        }
        if (symbols.size() < min) {
            return null;
        }
        return String.join(unit == Unit.CHAR ? "" : " ", symbols);
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
            return new TextGenerator(unit, order, models);
        }
    }
}
