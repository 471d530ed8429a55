package org.qenex.monitoring.internal.collect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, written from its specification
 * (prometheus.io/docs/instrumenting/exposition_formats): it accepts only what the grammar allows
 * and rejects what Prometheus' own parser (and promtool) reject, plus the rules promtool's
 * {@code check metrics} adds: every family has HELP and TYPE, and a family's lines are contiguous.
 * The tests use it because the Prometheus Java library has no parser.
 */
public final class TextFormat {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") ((?:[^\\\\\\n]|\\\\[\\\\n])*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE_NAME = Pattern.compile("(" + NAME + ")");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern VALUE = Pattern.compile(
            "(?:[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|NaN|[+-]Inf)");
    private static final Pattern TIMESTAMP = Pattern.compile("-?[0-9]+");

    /** One line of data. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A metric family: its TYPE, HELP and samples. */
    public record Family(String name, String type, String help, List<Sample> samples) {

        /** The value of the one sample with exactly these labels (name=value pairs). */
        public double value(String... labelPairs) {
            Map<String, String> wanted = new LinkedHashMap<>();
            for (int i = 0; i < labelPairs.length; i += 2) {
                wanted.put(labelPairs[i], labelPairs[i + 1]);
            }
            return samples.stream().filter(s -> s.labels().equals(wanted)).mapToDouble(Sample::value).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " has no sample " + wanted + ": " + samples));
        }
    }

    /** The page is not valid text format. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(int line, String message) {
            super("line " + line + ": " + message);
        }
    }

    private TextFormat() {
    }

    /** Parses a whole page; families in page order. */
    public static Map<String, Family> parse(String page) throws Invalid {
        if (!page.isEmpty() && !page.endsWith("\n")) {
            throw new Invalid(0, "the page must end with a line feed");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        Set<String> seriesSeen = new HashSet<>();
        Set<String> finished = new HashSet<>();
        String current = null;
        String[] lines = page.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            int number = i + 1;
            String line = lines[i];
            if (line.isEmpty()) {
                throw new Invalid(number, "empty line");
            }
            if (line.startsWith("#")) {
                Matcher help = HELP.matcher(line);
                Matcher type = TYPE.matcher(line);
                if (line.startsWith("# HELP ")) {
                    if (!help.matches()) {
                        throw new Invalid(number, "malformed HELP: " + line);
                    }
                    current = enter(help.group(1), current, finished, number);
                    if (helps.put(help.group(1), help.group(2)) != null) {
                        throw new Invalid(number, "second HELP for " + help.group(1));
                    }
                } else if (line.startsWith("# TYPE ")) {
                    if (!type.matches()) {
                        throw new Invalid(number, "malformed TYPE: " + line);
                    }
                    current = enter(type.group(1), current, finished, number);
                    if (families.containsKey(type.group(1))) {
                        throw new Invalid(number, "second TYPE for " + type.group(1));
                    }
                    families.put(type.group(1), new Family(type.group(1), type.group(2), null, new ArrayList<>()));
                } else {
                    throw new Invalid(number, "a comment other than HELP or TYPE: " + line);
                }
                continue;
            }
            Sample sample = sample(line, number);
            String family = familyOf(sample.name(), families);
            if (family == null) {
                throw new Invalid(number, "sample " + sample.name() + " before (or without) its TYPE");
            }
            if (!family.equals(current)) {
                throw new Invalid(number, "sample of " + family + " not next to its family's other lines");
            }
            if (!seriesSeen.add(sample.name() + sample.labels())) {
                throw new Invalid(number, "repeated series " + sample.name() + sample.labels());
            }
            families.get(family).samples().add(sample);
        }
        Map<String, Family> result = new LinkedHashMap<>();
        for (Family family : families.values()) {
            String help = helps.remove(family.name());
            if (help == null) {
                throw new Invalid(0, family.name() + " has no HELP");
            }
            if (family.samples().isEmpty()) {
                throw new Invalid(0, family.name() + " has no samples");
            }
            result.put(family.name(), new Family(family.name(), family.type(), help, family.samples()));
        }
        if (!helps.isEmpty()) {
            throw new Invalid(0, "HELP without TYPE: " + helps.keySet());
        }
        return result;
    }

    /** Metadata lines of a family must not come back after another family started. */
    private static String enter(String family, String current, Set<String> finished, int number) throws Invalid {
        if (family.equals(current)) {
            return current;
        }
        if (current != null) {
            finished.add(current);
        }
        if (finished.contains(family)) {
            throw new Invalid(number, "lines of " + family + " split by another family");
        }
        return family;
    }

    /** The family a sample belongs to: its own name, or a histogram's or summary's suffixed series. */
    private static String familyOf(String sample, Map<String, Family> families) {
        if (families.containsKey(sample)) {
            Family family = families.get(sample);
            return "histogram".equals(family.type()) ? null : sample;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (sample.endsWith(suffix)) {
                Family family = families.get(sample.substring(0, sample.length() - suffix.length()));
                if (family != null && ("histogram".equals(family.type())
                        || "summary".equals(family.type()) && !"_bucket".equals(suffix))) {
                    return family.name();
                }
            }
        }
        return null;
    }

    private static Sample sample(String line, int number) throws Invalid {
        Matcher name = SAMPLE_NAME.matcher(line);
        if (!name.lookingAt()) {
            throw new Invalid(number, "not a sample: " + line);
        }
        int at = name.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            at++;
            while (line.charAt(at) != '}') {
                Matcher label = LABEL.matcher(line).region(at, line.length());
                if (!label.lookingAt()) {
                    throw new Invalid(number, "malformed label at column " + at + ": " + line);
                }
                if (label.group(1).startsWith("__")) {
                    throw new Invalid(number, "reserved label name " + label.group(1));
                }
                if (labels.put(label.group(1), unescape(label.group(2))) != null) {
                    throw new Invalid(number, "repeated label " + label.group(1));
                }
                at = label.end();
                if (line.charAt(at) == ',') {
                    at++;
                } else if (line.charAt(at) != '}') {
                    throw new Invalid(number, "expected ',' or '}' at column " + at + ": " + line);
                }
            }
            at++;
        }
        String[] rest = line.substring(at).split(" ", -1);
        if (rest.length < 2 || rest.length > 3 || !rest[0].isEmpty()) {
            throw new Invalid(number, "expected one space, a value and an optional timestamp: " + line);
        }
        if (!VALUE.matcher(rest[1]).matches()) {
            throw new Invalid(number, "not a value: " + rest[1]);
        }
        if (rest.length == 3 && !TIMESTAMP.matcher(rest[2]).matches()) {
            throw new Invalid(number, "not a timestamp: " + rest[2]);
        }
        return new Sample(name.group(1), labels, Double.parseDouble(rest[1].replace("Inf", "Infinity")));
    }

    private static String unescape(String value) {
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                char next = value.charAt(++i);
                plain.append(next == 'n' ? '\n' : next);
            } else {
                plain.append(c);
            }
        }
        return plain.toString();
    }
}
