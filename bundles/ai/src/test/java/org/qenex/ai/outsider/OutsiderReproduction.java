package org.qenex.ai.outsider;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import weka.classifiers.Classifier;
import weka.classifiers.trees.J48;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

/**
 * What an outsider computes from docs/data.md and docs/ai.md alone, with Java and Weka 3.8.6 and
 * nothing of QENEX: the mathematics task's rows and data hash, a J48 model's bytes and hash, its
 * held-out predictions, accuracy in ppm, the prediction fingerprint and the version hash of the
 * first version. Only {@code java.*} and {@code weka.*} imports (checked by
 * {@code OutsiderReproductionTest}, which also loads this class without QENEX on the class path).
 */
public final class OutsiderReproduction {

    public static final String TASK = "mathematics.product-relation";
    static final String[] LABELS = { "less", "close", "greater" };

    /** Everything the outsider derived. */
    public record Result(String dataHash, String modelHash, long heldOutPpm, long baselinePpm, int[] predicted,
            String fingerprint, String versionHash) {
    }

    private OutsiderReproduction() {
    }

    /**
     * @param heldOutSecret the network's shared held-out secret (docs/data.md)
     * @param epoch the mathematics task's epoch
     * @param contributor and {@code acceptedAtMillis}: the version's, as its proof carries them
     */
    public static Result firstVersionWithJ48(String heldOutSecret, long epoch, String contributor, long acceptedAtMillis)
            throws Exception {
        // docs/data.md "The mathematics task": three seeds, six integers 1..30 per row, label from a*b - c*d.
        List<int[]> training = rows(0x51E7A11L, 4_000);
        List<int[]> publicRows = rows(0x9B11CL, 1_000);
        byte[] seedDigest = sha256(bytes(heldOutSecret + ":" + epoch));
        List<int[]> heldOut = rows(ByteBuffer.wrap(seedDigest).getLong(), 4_000);

        String dataHash = hex(sha256(taskData(training, publicRows, heldOut)));

        // docs/ai.md "Reproducing a version": relation <task>-<split>, class attribute "(class)".
        Instances train = instances(TASK + "-train", training);
        Instances held = instances(TASK + "-heldout", heldOut);

        J48 j48 = new J48(); // the pipeline {"filters":[],"learner":"J48","options":[]}
        j48.buildClassifier(new Instances(train));
        byte[] model = serialize(j48);
        String modelHash = hex(sha256(model));

        int[] predicted = predict(deserialize(model), held);
        long ppm = ppm(predicted, held);
        // the baseline of the first version: ZeroR, the majority class of the training rows (first on a tie)
        int[] counts = new int[LABELS.length];
        for (int[] row : training) {
            counts[row[6]]++;
        }
        int majority = 0;
        for (int c = 1; c < counts.length; c++) {
            if (counts[c] > counts[majority]) {
                majority = c;
            }
        }
        int[] baseline = new int[held.numInstances()];
        java.util.Arrays.fill(baseline, majority);
        long baselinePpm = ppm(baseline, held);

        String fingerprint = fingerprint(TASK, predicted);
        ByteArrayOutputStream version = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(version);
        out.write(bytes("QXMV"));
        out.writeInt(1);
        string(out, "0".repeat(64));
        out.writeInt(1);
        string(out, TASK);
        string(out, "1.0.0");
        string(out, dataHash);
        string(out, "{\"filters\":[],\"learner\":\"ZeroR\",\"options\":[]}");
        string(out, "{\"filters\":[],\"learner\":\"J48\",\"options\":[]}");
        string(out, modelHash);
        out.writeLong(baselinePpm);
        out.writeLong(ppm);
        string(out, contributor);
        out.writeLong(acceptedAtMillis);
        string(out, fingerprint);
        out.flush();
        return new Result(dataHash, modelHash, ppm, baselinePpm, predicted, fingerprint, hex(sha256(version.toByteArray())));
    }

    /** A text task's result: data hash, model hash, held-out predictions and ppm, and the rows. */
    public record TextResult(String dataHash, String modelHash, int[] predicted, long heldOutPpm,
            Map<String, Instances> splits) {
    }

    /** docs/data.md "The text tasks": the constants of one text task. */
    private record TextTask(String name, String textName, String className, long trainingSeed, long publicSeed,
            int[] perLabel, int minSymbols, int maxSymbols) {
    }

    static final TextTask LANGUAGE = new TextTask("language.fortunes", "text", "language", 0x4C414E47L, 0x4C414E50L,
            new int[] { 700, 150, 428 }, 20, 280);
    static final TextTask CODE = new TextTask("code.weka-packages", "tokens", "package", 0x434F4445L, 0x434F4450L,
            new int[] { 571, 142, 428 }, 12, 24);

    /**
     * The language task as docs/data.md samples it from its generator, with the pipeline
     * {@code StringToWordVector -W 300 -L} then {@code NaiveBayesMultinomial}, as docs/ai.md builds,
     * trains, serializes and scores it.
     *
     * @param generatorFile the bytes of {@code language.gen.gz} from the repository
     */
    public static TextResult languageWithWords(byte[] generatorFile, String heldOutSecret, long epoch) throws Exception {
        return textWithWords(LANGUAGE, generatorFile, heldOutSecret, epoch, new String[] { "-W", "300", "-L" });
    }

    /** The code task likewise, with {@code StringToWordVector -W 1000 -L} then {@code NaiveBayesMultinomial}. */
    public static TextResult codeWithWords(byte[] generatorFile, String heldOutSecret, long epoch) throws Exception {
        return textWithWords(CODE, generatorFile, heldOutSecret, epoch, new String[] { "-W", "1000", "-L" });
    }

    private static TextResult textWithWords(TextTask task, byte[] generatorFile, String heldOutSecret, long epoch,
            String[] wordOptions) throws Exception {
        // docs/data.md "Text generators": header, then label TAB context TAB (symbol TAB count)* per line
        java.util.TreeMap<String, Map<String, String[]>> models = new java.util.TreeMap<>();
        String unit;
        int order;
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(new ByteArrayInputStream(generatorFile)), StandardCharsets.UTF_8))) {
            String[] header = in.readLine().split("\t", -1);
            unit = header[2];
            order = Integer.parseInt(header[3]);
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t", -1);
                String context = String.join("\t", java.util.Arrays.asList(f).subList(1, order));
                models.computeIfAbsent(f[0], k -> new java.util.HashMap<>())
                        .put(context, java.util.Arrays.copyOfRange(f, order, f.length));
            }
        }
        List<String> labels = List.copyOf(models.keySet());
        // training, public, held-out: each leaves out the texts of the splits before it
        byte[] digest = sha256(bytes(heldOutSecret + ":" + epoch));
        long[] seeds = { task.trainingSeed(), task.publicSeed(), ByteBuffer.wrap(digest).getLong() };
        java.util.Set<String> before = new java.util.HashSet<>();
        List<List<String[]>> splits = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            SplittableRandom random = new SplittableRandom(seeds[s]);
            List<String[]> rows = new ArrayList<>();
            for (int i = 0; i < task.perLabel()[s]; i++) {
                for (String label : labels) {
                    String text;
                    do {
                        text = drawText(models.get(label), random, unit, order, task.minSymbols(), task.maxSymbols());
                    } while (text == null || before.contains(text));
                    rows.add(new String[] { text, label });
                }
            }
            rows.forEach(row -> before.add(row[0]));
            splits.add(rows);
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(data);
        out.write(bytes("QXTD"));
        out.writeInt(1);
        Map<String, Instances> instances = new java.util.LinkedHashMap<>();
        String[] names = { "train", "public", "heldout" };
        for (int s = 0; s < 3; s++) {
            out.write(bytes("QXDS"));
            out.writeInt(1);
            out.writeInt(2);
            string(out, task.textName());
            string(out, "TEXT");
            out.writeInt(0);
            string(out, task.className());
            string(out, "NOMINAL");
            out.writeInt(labels.size());
            for (String label : labels) {
                string(out, label);
            }
            out.writeInt(1);
            ArrayList<Attribute> attributes = new ArrayList<>(List.of(new Attribute(task.textName(), (List<String>) null),
                    new Attribute("(class)", labels)));
            Instances rows = new Instances(task.name() + "-" + names[s], attributes, 1000);
            rows.setClassIndex(1);
            out.writeInt(splits.get(s).size());
            for (String[] row : splits.get(s)) {
                string(out, row[0]);
                string(out, row[1]);
                rows.add(new DenseInstance(1.0, new double[] { rows.attribute(0).addStringValue(row[0]),
                        labels.indexOf(row[1]) }));
            }
            instances.put(names[s], rows);
        }
        out.flush();

        weka.filters.unsupervised.attribute.StringToWordVector words = new weka.filters.unsupervised.attribute.StringToWordVector();
        words.setOptions(wordOptions);
        weka.classifiers.meta.FilteredClassifier pipeline = new weka.classifiers.meta.FilteredClassifier();
        pipeline.setClassifier(new weka.classifiers.bayes.NaiveBayesMultinomial());
        pipeline.setFilter(words);
        pipeline.buildClassifier(new Instances(instances.get("train")));
        byte[] model = serialize(pipeline);
        int[] predicted = predict(deserialize(model), instances.get("heldout"));
        return new TextResult(hex(sha256(data.toByteArray())), hex(sha256(model)), predicted,
                ppm(predicted, instances.get("heldout")), instances);
    }

    /** docs/data.md: one text, from the start context to the end symbol or the maximum; null when too short. */
    private static String drawText(Map<String, String[]> model, SplittableRandom random, String unit, int order, int min,
            int max) {
        String[] context = new String[order - 1];
        java.util.Arrays.fill(context, "");
        List<String> symbols = new ArrayList<>();
        while (symbols.size() < max) {
            String[] successors = model.get(String.join("\t", context));
            int total = 0;
            for (int e = 1; e < successors.length; e += 2) {
                total += Integer.parseInt(successors[e]);
            }
            int r = random.nextInt(total);
            String next = null;
            for (int e = 0; next == null; e += 2) {
                r -= Integer.parseInt(successors[e + 1]);
                if (r < 0) {
                    next = successors[e];
                }
            }
            if (next.isEmpty()) {
                break;
            }
            symbols.add(next);
            System.arraycopy(context, 1, context, 0, order - 2);
            context[order - 2] = next;
        }
        return symbols.size() < min ? null : String.join(unit.equals("char") ? "" : " ", symbols);
    }

    /** A chain of versions: each version's hash and prediction fingerprint, oldest first. */
    public record ChainResult(List<String> versionHashes, List<String> fingerprints) {
    }

    /** One task of a version as docs/ai.md "Reproducing a version" lists it. */
    private record TaskState(String name, String dataHash, String pipeline, String modelHash, int[] predicted, long ppm) {
    }

    private static final String ZERO_R = "{\"filters\":[],\"learner\":\"ZeroR\",\"options\":[]}";

    /**
     * Three versions on the three built-in tasks, each changing one task: J48 on mathematics (parent:
     * 64 zeros), then {@code StringToWordVector -W 300 -L} + NaiveBayesMultinomial on language, then
     * {@code StringToWordVector -W 1000 -L} + NaiveBayesMultinomial on code; every version lists all
     * three tasks, and each names the previous one's hash as its parent.
     */
    public static ChainResult chainOfThreeVersions(byte[] languageGenerator, byte[] codeGenerator, String heldOutSecret,
            long epoch, String[] contributors, long[] acceptedAtMillis) throws Exception {
        // mathematics: docs/data.md "The mathematics task"
        List<int[]> training = rows(0x51E7A11L, 4_000);
        List<int[]> heldOutRows = rows(ByteBuffer.wrap(sha256(bytes(heldOutSecret + ":" + epoch))).getLong(), 4_000);
        String mathematicsData = hex(sha256(taskData(training, rows(0x9B11CL, 1_000), heldOutRows)));
        Instances mathematicsTrain = instances(TASK + "-train", training);
        Instances mathematicsHeld = instances(TASK + "-heldout", heldOutRows);
        TextResult language = languageWithWords(languageGenerator, heldOutSecret, epoch);
        TextResult code = codeWithWords(codeGenerator, heldOutSecret, epoch);

        // the genesis champion: ZeroR everywhere (tasks in name order)
        java.util.TreeMap<String, TaskState> champion = new java.util.TreeMap<>();
        champion.put(CODE.name(), trained(CODE.name(), code.dataHash(), ZERO_R, new weka.classifiers.rules.ZeroR(),
                code.splits().get("train"), code.splits().get("heldout")));
        champion.put(LANGUAGE.name(), trained(LANGUAGE.name(), language.dataHash(), ZERO_R,
                new weka.classifiers.rules.ZeroR(), language.splits().get("train"), language.splits().get("heldout")));
        champion.put(TASK, trained(TASK, mathematicsData, ZERO_R, new weka.classifiers.rules.ZeroR(), mathematicsTrain,
                mathematicsHeld));

        List<TaskState> steps = List.of(
                trained(TASK, mathematicsData, "{\"filters\":[],\"learner\":\"J48\",\"options\":[]}", new J48(),
                        mathematicsTrain, mathematicsHeld),
                new TaskState(LANGUAGE.name(), language.dataHash(), words("300"), language.modelHash(),
                        language.predicted(), language.heldOutPpm()),
                new TaskState(CODE.name(), code.dataHash(), words("1000"), code.modelHash(), code.predicted(),
                        code.heldOutPpm()));
        String parent = "0".repeat(64);
        List<String> hashes = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        for (int v = 0; v < steps.size(); v++) {
            java.util.TreeMap<String, TaskState> next = new java.util.TreeMap<>(champion);
            next.put(steps.get(v).name(), steps.get(v));
            MessageDigest fingerprint = MessageDigest.getInstance("SHA-256");
            for (TaskState task : next.values()) {
                fingerprint.update(bytes(task.name()));
                fingerprint.update(ints(task.predicted()));
            }
            String fingerprintHex = hex(fingerprint.digest());
            ByteArrayOutputStream version = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(version);
            out.write(bytes("QXMV"));
            out.writeInt(1);
            string(out, parent);
            out.writeInt(next.size());
            for (TaskState task : next.values()) {
                TaskState before = champion.get(task.name()); // the parent's: baseline pipeline and score
                string(out, task.name());
                string(out, "1.0.0");
                string(out, task.dataHash());
                string(out, before.pipeline());
                string(out, task.pipeline());
                string(out, task.modelHash());
                out.writeLong(before.ppm());
                out.writeLong(task.ppm());
            }
            string(out, contributors[v]);
            out.writeLong(acceptedAtMillis[v]);
            string(out, fingerprintHex);
            out.flush();
            parent = hex(sha256(version.toByteArray()));
            hashes.add(parent);
            fingerprints.add(fingerprintHex);
            champion = next;
        }
        return new ChainResult(hashes, fingerprints);
    }

    private static String words(String count) {
        return "{\"filters\":[{\"name\":\"StringToWordVector\",\"options\":[\"-W\",\"" + count
                + "\",\"-L\"]}],\"learner\":\"NaiveBayesMultinomial\",\"options\":[]}";
    }

    private static TaskState trained(String name, String dataHash, String pipeline, Classifier learner, Instances train,
            Instances heldOut) throws Exception {
        learner.buildClassifier(new Instances(train));
        byte[] model = serialize(learner);
        int[] predicted = predict(deserialize(model), heldOut);
        return new TaskState(name, dataHash, pipeline, hex(sha256(model)), predicted, ppm(predicted, heldOut));
    }

    /** The number of predictions, then each, as 4-byte big-endian ints. */
    private static byte[] ints(int[] predicted) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * predicted.length);
        buffer.putInt(predicted.length);
        for (int p : predicted) {
            buffer.putInt(p);
        }
        return buffer.array();
    }

    static List<int[]> rows(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int[] row = new int[7];
            for (int j = 0; j < 6; j++) {
                row[j] = 1 + random.nextInt(30);
            }
            int difference = row[0] * row[1] - row[2] * row[3];
            row[6] = difference < -15 ? 0 : difference > 15 ? 2 : 1;
            rows.add(row);
        }
        return rows;
    }

    /** docs/data.md "Data hash": QXTD, format 1, then each split as QXDS. */
    static byte[] taskData(List<int[]> training, List<int[]> publicRows, List<int[]> heldOut) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(bytes("QXTD"));
        out.writeInt(1);
        for (List<int[]> split : List.of(training, publicRows, heldOut)) {
            out.write(bytes("QXDS"));
            out.writeInt(1);
            out.writeInt(7);
            for (String name : new String[] { "a", "b", "c", "d", "e", "f" }) {
                string(out, name);
                string(out, "NUMERIC");
                out.writeInt(0);
            }
            string(out, "relation");
            string(out, "NOMINAL");
            out.writeInt(LABELS.length);
            for (String label : LABELS) {
                string(out, label);
            }
            out.writeInt(6);
            out.writeInt(split.size());
            for (int[] row : split) {
                for (int j = 0; j < 6; j++) {
                    string(out, Integer.toString(row[j]));
                }
                string(out, LABELS[row[6]]);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    static Instances instances(String relation, List<int[]> rows) {
        ArrayList<Attribute> attributes = new ArrayList<>();
        for (String name : new String[] { "a", "b", "c", "d", "e", "f" }) {
            attributes.add(new Attribute(name));
        }
        attributes.add(new Attribute("(class)", List.of(LABELS)));
        Instances data = new Instances(relation, attributes, rows.size());
        data.setClassIndex(6);
        for (int[] row : rows) {
            double[] values = new double[7];
            for (int j = 0; j < 7; j++) {
                values[j] = row[j];
            }
            data.add(new DenseInstance(1.0, values));
        }
        return data;
    }

    /** docs/ai.md "Scores": the first class with the highest probability above 0; NaN, none or an exception: -1. */
    static int[] predict(Classifier model, Instances split) {
        int[] predicted = new int[split.numInstances()];
        for (int i = 0; i < predicted.length; i++) {
            int best = -1;
            try {
                double[] distribution = model.distributionForInstance(split.instance(i));
                double bestValue = 0;
                for (int c = 0; c < distribution.length; c++) {
                    if (Double.isNaN(distribution[c])) {
                        best = -1;
                        break;
                    }
                    if (distribution[c] > bestValue) {
                        best = c;
                        bestValue = distribution[c];
                    }
                }
            } catch (Exception e) {
                best = -1;
            }
            predicted[i] = best;
        }
        return predicted;
    }

    static long ppm(int[] predicted, Instances split) {
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == (int) split.instance(i).classValue()) {
                correct++;
            }
        }
        return correct * 1_000_000L / predicted.length;
    }

    static String fingerprint(String task, int[] predicted) throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(bytes(task));
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * predicted.length);
        buffer.putInt(predicted.length);
        for (int p : predicted) {
            buffer.putInt(p);
        }
        digest.update(buffer.array());
        return hex(digest.digest());
    }

    static byte[] serialize(Object model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Classifier deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (Classifier) in.readObject();
        }
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = bytes(value);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
