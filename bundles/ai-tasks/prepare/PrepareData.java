import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;

/**
 * Prepares the language and code corpus of the built-in benchmark tasks, from which
 * {@code FitTextGenerators.java} fits the committed generators (the corpus itself is not
 * committed; its split column is kept for comparison only), deterministically: every
 * choice (which quote, which snippet, which split) is made by the SHA-256 of the item, never by
 * file system order or a random generator.
 *
 * <pre>java PrepareData.java LANGUAGE_FILES.tsv WEKA_SOURCES.jar OUTPUT_DIR</pre>
 *
 * Output lines are {@code split TAB label TAB text}, split one of {@code train}, {@code public},
 * {@code heldout}; text has no tabs or line breaks.
 */
public final class PrepareData {

    // Language: 7 languages x (700 train, 150 public, 428 held-out) = 4,900 / 1,050 / 2,996 rows.
    private static final int LANG_TRAIN = 700;
    private static final int LANG_PUBLIC = 150;
    private static final int LANG_HELD_OUT = 428;
    private static final int MIN_CHARS = 20;
    private static final int MAX_CHARS = 280;

    // Code: 7 labels x (571 train, 142 public, 428 held-out) at most.
    private static final int CODE_TRAIN = 571;
    private static final int CODE_PUBLIC = 142;
    private static final int CODE_HELD_OUT = 428;
    private static final int WINDOW_TOKENS = 64;
    private static final int MAX_WINDOWS_PER_FILE = 20;
    private static final Set<String> CODE_LABELS = Set.of("classifiers", "core", "gui", "filters", "knowledgeflow",
            "experiment");

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PrepareData LANGUAGE_FILES.tsv WEKA_SOURCES.jar OUTPUT_DIR");
            System.exit(2);
        }
        Path out = Paths.get(args[2]);
        Files.createDirectories(out);
        writeGzip(out.resolve("language.tsv.gz"), language(Paths.get(args[0])));
        writeGzip(out.resolve("code.tsv.gz"), code(Paths.get(args[1])));
    }

    // ---------------------------------------------------------------- language

    private static List<String> language(Path fileList) throws IOException {
        Map<String, Set<String>> quotesByLanguage = new TreeMap<>();
        for (String line : Files.readAllLines(fileList, StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t");
            Path file = Paths.get(parts[2]);
            Path utf8 = file.resolveSibling(file.getFileName() + ".u8");
            // fortunes-pl ships empty .u8 files beside its UTF-8 originals.
            String content = readUtf8(Files.exists(utf8) && Files.size(utf8) > 0 ? utf8 : file);
            Set<String> quotes = quotesByLanguage.computeIfAbsent(parts[0], k -> new LinkedHashSet<>());
            for (String quote : content.split("(?m)^%\\s*$")) {
                String text = normalise(quote);
                if (text.length() >= MIN_CHARS) {
                    quotes.add(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS).trim() : text);
                }
            }
        }
        // A quote found in two languages' packages teaches nothing about either: drop it.
        Map<String, Integer> seen = new HashMap<>();
        quotesByLanguage.values().forEach(qs -> qs.forEach(q -> seen.merge(q, 1, Integer::sum)));
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, Set<String>> entry : quotesByLanguage.entrySet()) {
            List<String> quotes = new ArrayList<>();
            entry.getValue().stream().filter(q -> seen.get(q) == 1).forEach(quotes::add);
            quotes.sort(Comparator.comparing(PrepareData::sha256));
            int need = LANG_HELD_OUT + LANG_PUBLIC + LANG_TRAIN;
            if (quotes.size() < need) {
                throw new IllegalStateException(entry.getKey() + " has " + quotes.size() + " quotes, needs " + need);
            }
            System.out.println("language " + entry.getKey() + ": " + quotes.size() + " distinct quotes");
            for (int i = 0; i < need; i++) {
                String split = i < LANG_HELD_OUT ? "heldout" : i < LANG_HELD_OUT + LANG_PUBLIC ? "public" : "train";
                rows.add(split + "\t" + entry.getKey() + "\t" + quotes.get(i));
            }
        }
        return sorted(rows);
    }

    private static String readUtf8(Path file) throws IOException {
        // Some files are Latin-1; replacing what does not decode keeps the rest usable.
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    }

    /** One line: overstriking removed, every run of white space or control characters one space. */
    static String normalise(String quote) {
        String noOverstrike = quote.replaceAll(".\b", "");
        return noOverstrike.replaceAll("[\\s\\p{Cntrl}\\uFFFD]+", " ").trim();
    }

    // ---------------------------------------------------------------- code

    private static List<String> code(Path sourcesJar) throws IOException {
        Map<String, List<String[]>> candidates = new TreeMap<>(); // "split\tlabel" -> [hash, text]
        try (JarFile jar = new JarFile(sourcesJar.toFile())) {
            List<ZipEntry> entries = new ArrayList<>(Collections.list(jar.entries()));
            entries.sort(Comparator.comparing(ZipEntry::getName));
            for (ZipEntry entry : entries) {
                String name = entry.getName();
                String[] path = name.split("/");
                if (!name.endsWith(".java") || path.length < 3 || !"weka".equals(path[0])) {
                    continue;
                }
                String label = CODE_LABELS.contains(path[1]) ? path[1] : "other";
                String split = splitOf(name);
                List<String> tokens;
                try (InputStream in = jar.getInputStream(entry)) {
                    tokens = withoutPackageAndImports(JavaTokens.of(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
                List<String[]> windows = new ArrayList<>();
                for (int from = 0; from + WINDOW_TOKENS / 2 <= tokens.size(); from += WINDOW_TOKENS) {
                    String text = String.join(" ", tokens.subList(from, Math.min(tokens.size(), from + WINDOW_TOKENS)));
                    windows.add(new String[] { sha256(name + "#" + from), text });
                }
                windows.sort(Comparator.comparing(w -> w[0]));
                candidates.computeIfAbsent(split + "\t" + label, k -> new ArrayList<>())
                        .addAll(windows.subList(0, Math.min(MAX_WINDOWS_PER_FILE, windows.size())));
            }
        }
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> entry : candidates.entrySet()) {
            List<String[]> windows = entry.getValue();
            windows.sort(Comparator.comparing(w -> w[0]));
            String split = entry.getKey().substring(0, entry.getKey().indexOf('\t'));
            int cap = switch (split) {
                case "train" -> CODE_TRAIN;
                case "public" -> CODE_PUBLIC;
                default -> CODE_HELD_OUT;
            };
            System.out.println("code " + entry.getKey().replace('\t', ' ') + ": " + windows.size() + " snippets, keeping "
                    + Math.min(cap, windows.size()));
            for (String[] window : windows.subList(0, Math.min(cap, windows.size()))) {
                rows.add(entry.getKey() + "\t" + window[1]);
            }
        }
        return sorted(rows);
    }

    /** Whole files go to one split, so that no snippet is judged against its own file's neighbours. */
    private static String splitOf(String fileName) {
        int bucket = Integer.parseInt(sha256(fileName).substring(0, 2), 16);
        return bucket < 154 ? "train" : bucket < 192 ? "public" : "heldout";
    }

    /** The package and import statements name the label outright: they are removed. */
    private static List<String> withoutPackageAndImports(List<String> tokens) {
        List<String> kept = new ArrayList<>(tokens.size());
        boolean skipping = false;
        for (String token : tokens) {
            if (!skipping && (token.equals("package") || token.equals("import")) && (kept.isEmpty()
                    || kept.get(kept.size() - 1).equals(";"))) {
                skipping = true;
            }
            if (!skipping) {
                kept.add(token);
            } else if (token.equals(";")) {
                skipping = false;
            }
        }
        return kept;
    }

    /** A small Java lexer: comments dropped, literals replaced by their kind, everything else kept. */
    static final class JavaTokens {

        static List<String> of(String source) {
            List<String> tokens = new ArrayList<>();
            int i = 0;
            int n = source.length();
            while (i < n) {
                char c = source.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (source.startsWith("//", i)) {
                    int end = source.indexOf('\n', i);
                    i = end < 0 ? n : end + 1;
                } else if (source.startsWith("/*", i)) {
                    int end = source.indexOf("*/", i + 2);
                    i = end < 0 ? n : end + 2;
                } else if (c == '"' || c == '\'') {
                    int j = i + 1;
                    while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                        j += source.charAt(j) == '\\' ? 2 : 1;
                    }
                    tokens.add(c == '"' ? "<str>" : "<chr>");
                    i = Math.min(n, j + 1);
                } else if (Character.isJavaIdentifierStart(c)) {
                    int j = i + 1;
                    while (j < n && Character.isJavaIdentifierPart(source.charAt(j))) {
                        j++;
                    }
                    tokens.add(source.substring(i, j));
                    i = j;
                } else if (Character.isDigit(c)) {
                    int j = i + 1;
                    while (j < n && (Character.isLetterOrDigit(source.charAt(j)) || source.charAt(j) == '.'
                            || source.charAt(j) == '_')) {
                        j++;
                    }
                    tokens.add("<num>");
                    i = j;
                } else {
                    tokens.add(operatorAt(source, i));
                    i += tokens.get(tokens.size() - 1).length();
                }
            }
            return tokens;
        }

        private static final String[] OPERATORS = { ">>>=", "<<=", ">>=", ">>>", "...", "->", "::", "++", "--", "&&",
                "||", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "&=", "|=", "^=", "%=", "<<" };

        private static String operatorAt(String source, int i) {
            for (String op : OPERATORS) {
                if (source.startsWith(op, i)) {
                    return op;
                }
            }
            return String.valueOf(source.charAt(i));
        }
    }

    // ---------------------------------------------------------------- output

    private static List<String> sorted(List<String> rows) {
        List<String> copy = new ArrayList<>(rows);
        Collections.sort(copy);
        return copy;
    }

    private static void writeGzip(Path file, List<String> rows) throws IOException {
        // GZIPOutputStream writes no file name and a zero time stamp: the bytes depend on the rows only.
        try (OutputStream raw = Files.newOutputStream(file);
                BufferedWriter out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(raw), StandardCharsets.UTF_8))) {
            for (String row : rows) {
                out.write(row);
                out.write('\n');
            }
        }
        System.out.println(file.getFileName() + ": " + rows.size() + " rows, " + Files.size(file) + " bytes");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
