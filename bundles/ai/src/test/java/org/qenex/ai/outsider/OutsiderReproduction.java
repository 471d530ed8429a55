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

    /** A text task's result: data hash, model hash, held-out predictions and ppm. */
    public record TextResult(String dataHash, String modelHash, int[] predicted, long heldOutPpm) {
    }

    /**
     * The language task as docs/data.md splits it, with the pipeline
     * {@code StringToWordVector -W 300 -L} then {@code NaiveBayesMultinomial}, as docs/ai.md builds,
     * trains, serializes and scores it.
     *
     * @param shippedFile the bytes of {@code language.tsv.gz} from the repository
     */
    public static TextResult languageWithWords(byte[] shippedFile, String heldOutSecret, long epoch) throws Exception {
        List<String[]> lines = new ArrayList<>();
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(new ByteArrayInputStream(shippedFile)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line.split("\t", 3));
            }
        }
        java.util.TreeSet<String> labelSet = new java.util.TreeSet<>();
        java.util.Map<String, int[]> sizes = new java.util.HashMap<>();
        java.util.Map<String, List<Integer>> byLabel = new java.util.HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i);
            labelSet.add(f[1]);
            int[] size = sizes.computeIfAbsent(f[1], k -> new int[2]);
            size[0] += f[0].equals("heldout") ? 1 : 0;
            size[1] += f[0].equals("public") ? 1 : 0;
            byLabel.computeIfAbsent(f[1], k -> new ArrayList<>()).add(i);
        }
        byte[][] keys = new byte[lines.size()][];
        for (int i = 0; i < lines.size(); i++) {
            keys[i] = sha256(bytes(heldOutSecret + ":" + epoch + ":" + lines.get(i)[2]));
        }
        String[] split = new String[lines.size()];
        for (java.util.Map.Entry<String, List<Integer>> label : byLabel.entrySet()) {
            List<Integer> ranked = new ArrayList<>(label.getValue());
            ranked.sort((x, y) -> {
                int byKey = java.util.Arrays.compareUnsigned(keys[x], keys[y]);
                return byKey != 0 ? byKey : Integer.compare(x, y);
            });
            int[] size = sizes.get(label.getKey());
            for (int rank = 0; rank < ranked.size(); rank++) {
                split[ranked.get(rank)] = rank < size[0] ? "heldout" : rank < size[0] + size[1] ? "public" : "train";
            }
        }
        List<String> labels = List.copyOf(labelSet);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(data);
        out.write(bytes("QXTD"));
        out.writeInt(1);
        java.util.Map<String, Instances> instances = new java.util.HashMap<>();
        for (String name : new String[] { "train", "public", "heldout" }) {
            out.write(bytes("QXDS"));
            out.writeInt(1);
            out.writeInt(2);
            string(out, "text");
            string(out, "TEXT");
            out.writeInt(0);
            string(out, "language");
            string(out, "NOMINAL");
            out.writeInt(labels.size());
            for (String label : labels) {
                string(out, label);
            }
            out.writeInt(1);
            ArrayList<Attribute> attributes = new ArrayList<>(List.of(new Attribute("text", (List<String>) null),
                    new Attribute("(class)", labels)));
            Instances rows = new Instances("language.fortunes-" + name, attributes, 1000);
            rows.setClassIndex(1);
            List<String[]> chosen = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (split[i].equals(name)) {
                    chosen.add(lines.get(i));
                }
            }
            out.writeInt(chosen.size());
            for (String[] f : chosen) {
                string(out, f[2]);
                string(out, f[1]);
                rows.add(new DenseInstance(1.0, new double[] { rows.attribute(0).addStringValue(f[2]),
                        labels.indexOf(f[1]) }));
            }
            instances.put(name, rows);
        }
        out.flush();

        weka.filters.unsupervised.attribute.StringToWordVector words = new weka.filters.unsupervised.attribute.StringToWordVector();
        words.setOptions(new String[] { "-W", "300", "-L" });
        weka.classifiers.meta.FilteredClassifier pipeline = new weka.classifiers.meta.FilteredClassifier();
        pipeline.setClassifier(new weka.classifiers.bayes.NaiveBayesMultinomial());
        pipeline.setFilter(words);
        pipeline.buildClassifier(new Instances(instances.get("train")));
        byte[] model = serialize(pipeline);
        int[] predicted = predict(deserialize(model), instances.get("heldout"));
        return new TextResult(hex(sha256(data.toByteArray())), hex(sha256(model)), predicted,
                ppm(predicted, instances.get("heldout")));
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
