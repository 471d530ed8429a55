import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Fits the text generator of a built-in text task from its prepared corpus (the output of
 * PrepareData.java: gzipped {@code split TAB label TAB text} lines; the split column is ignored):
 * per label, an n-gram model of characters (unit {@code char}) or space-separated tokens (unit
 * {@code token}). Only the model is committed; the corpus is not (docs/data.md, "Text generators").
 *
 * <pre>java FitTextGenerators.java CORPUS.tsv.gz char|token ORDER OUTPUT.gen.gz</pre>
 *
 * Output (gzip, no name, zero time stamp), UTF-8 lines separated by LF:
 * <pre>
 * QXTG TAB 1 TAB unit TAB order
 * label TAB c_1 ... TAB c_(order-1) TAB s_1 TAB k_1 TAB s_2 TAB k_2 ...
 * </pre>
 * one line per label and context of {@code order - 1} symbols ({@code ""}: before the start),
 * every symbol {@code s} seen after it with its count {@code k} ({@code ""}: the end). Lines sorted
 * by label, then context (symbol by symbol, Java String order); entries by symbol. The same corpus
 * gives byte-identical output.
 */
public final class FitTextGenerators {

    public static void main(String[] args) throws IOException {
        if (args.length != 4 || !(args[1].equals("char") || args[1].equals("token"))) {
            System.err.println("usage: FitTextGenerators CORPUS.tsv.gz char|token ORDER OUTPUT.gen.gz");
            System.exit(2);
        }
        boolean chars = args[1].equals("char");
        int order = Integer.parseInt(args[2]);
        // label -> context -> symbol -> count, all sorted
        Map<String, Map<List<String>, Map<String, Integer>>> model = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(Paths.get(args[0]))), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] fields = line.split("\t", 3);
                List<String> symbols = chars ? codePoints(fields[2]) : Arrays.asList(fields[2].split(" "));
                String[] context = new String[order - 1];
                Arrays.fill(context, "");
                Map<List<String>, Map<String, Integer>> byContext = model.computeIfAbsent(fields[1],
                        k -> new TreeMap<>(FitTextGenerators::compare));
                for (int i = 0; i <= symbols.size(); i++) {
                    String next = i < symbols.size() ? symbols.get(i) : "";
                    if (next.contains("\t") || next.contains("\n") || next.contains("\r") || (i < symbols.size() && next.isEmpty())) {
                        throw new IllegalStateException("symbol not allowed in " + line);
                    }
                    byContext.computeIfAbsent(List.of(context.clone()), k -> new TreeMap<>()).merge(next, 1, Integer::sum);
                    if (order > 1) {
                        System.arraycopy(context, 1, context, 0, order - 2);
                        context[order - 2] = next;
                    }
                }
            }
        }
        long lines = 0;
        try (OutputStream raw = Files.newOutputStream(Paths.get(args[3]));
                BufferedWriter out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(raw), StandardCharsets.UTF_8))) {
            out.write("QXTG\t1\t" + args[1] + "\t" + order + "\n");
            for (Map.Entry<String, Map<List<String>, Map<String, Integer>>> label : model.entrySet()) {
                for (Map.Entry<List<String>, Map<String, Integer>> context : label.getValue().entrySet()) {
                    StringBuilder row = new StringBuilder(label.getKey());
                    context.getKey().forEach(s -> row.append('\t').append(s));
                    context.getValue().forEach((s, k) -> row.append('\t').append(s).append('\t').append(k));
                    out.write(row.append('\n').toString());
                    lines++;
                }
            }
        }
        System.out.println(args[3] + ": " + model.size() + " labels, " + lines + " contexts, "
                + Files.size(Paths.get(args[3])) + " bytes");
    }

    private static List<String> codePoints(String text) {
        List<String> symbols = new ArrayList<>();
        text.codePoints().forEach(c -> symbols.add(new String(Character.toChars(c))));
        return symbols;
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
