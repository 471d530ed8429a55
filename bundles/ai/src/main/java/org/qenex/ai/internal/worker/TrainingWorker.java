package org.qenex.ai.internal.worker;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;

import weka.classifiers.Classifier;
import weka.classifiers.meta.FilteredClassifier;
import weka.core.Instances;
import weka.filters.Filter;

/**
 * The main class of the training worker process: a JVM of its own, with a small heap and a low OS
 * priority, that trains and scores candidates for the node. It depends on the JDK and Weka only
 * (its class path is Weka's jars, this class and {@link WekaRows}), so nothing a candidate does in it reaches
 * the node: running out of heap ends the worker ({@code -XX:+ExitOnOutOfMemoryError}, exit code
 * 3), not the node.
 *
 * <p>Protocol, one job at a time over standard input and output (Weka's own printing goes to
 * standard error): a job is an int length and that many bytes of Java serialization holding an
 * {@code Integer} kind ({@link #TRAIN} or {@link #SCORE}), the {@code byte[]} serialized pipeline
 * (untrained for {@code TRAIN}, the trained model for {@code SCORE}), the {@code byte[]}
 * serialized training rows (null for {@code SCORE}) and a {@code byte[][]} of splits to score,
 * each rows serialized on their own as {@link WekaRows#describe} gives them (the node serializes
 * a task's splits once and sends the same bytes with every job; the worker rebuilds them with
 * {@link WekaRows}, exactly as the node built them). The
 * answer is an int status; {@link #OK}: int model length and the model bytes (serialized right
 * after training, before any prediction), int split count and per split an int row count and the
 * predicted class index of each row ({@link #UNCLASSIFIED} when none); {@link #REFUSED}: a UTF
 * message. The worker ends when its input ends.
 */
public final class TrainingWorker {

    public static final int TRAIN = 1;
    public static final int SCORE = 2;
    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int UNCLASSIFIED = -1;
    /** Written once at start, when Weka's classes are loaded: the node charges jobs only from here. */
    public static final int READY = 0x51584157;
    /** The JVM's exit code after {@code -XX:+ExitOnOutOfMemoryError}. */
    public static final int OUT_OF_MEMORY_EXIT = 3;
    /** The exit code when the node that started the worker is gone. */
    public static final int ORPHANED_EXIT = 4;

    /** What a job, and a model read back, may contain: Weka's classes and a few of the JDK's, bounded. */
    public static final String FILTER = "maxdepth=5000;maxrefs=20000000;maxbytes=268435456;"
            + "weka.**;java.lang.*;java.util.*;java.io.File;[*;!*";
    /** The filter a trained model is read back through (the node's {@code ModelSerialization} uses it too). */
    public static final String MODEL_FILTER = "maxdepth=5000;maxrefs=5000000;maxbytes=67108864;"
            + "weka.**;java.lang.*;java.util.*;java.io.File;[*;!*";
    static final int MAX_JOB_BYTES = 256 * 1024 * 1024;

    private TrainingWorker() {
    }

    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        // Weka prints warnings to System.out: they must never mix with the answers.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        watchParent();
        new FilteredClassifier().getCapabilities();
        out.writeInt(READY);
        out.flush();
        while (true) {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException end) {
                return;
            }
            if (length < 0 || length > MAX_JOB_BYTES) {
                throw new IOException("job of " + length + " bytes");
            }
            byte[] job = new byte[length];
            in.readFully(job);
            byte[] answer;
            try {
                answer = run(job);
            } catch (Exception | LinkageError | StackOverflowError e) {
                answer = refused(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            out.write(answer);
            out.flush();
        }
    }

    /**
     * Ends this worker when the node that started it is gone (killed with -9, say): its input only
     * ends between jobs, and an orphan must not train on for minutes.
     */
    private static void watchParent() {
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        Thread watch = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                boolean alive = ProcessHandle.current().parent().filter(p -> p.pid() == parent && p.isAlive()).isPresent();
                if (!alive) {
                    Runtime.getRuntime().halt(ORPHANED_EXIT);
                }
            }
        }, "qenex-worker-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static byte[] run(byte[] job) throws Exception {
        int kind;
        byte[] pipeline;
        byte[] training;
        byte[][] splits;
        try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(job))) {
            objects.setObjectInputFilter(ObjectInputFilter.Config.createFilter(FILTER));
            kind = (Integer) objects.readObject();
            pipeline = (byte[]) objects.readObject();
            training = (byte[]) objects.readObject();
            splits = (byte[][]) objects.readObject();
        }
        Classifier classifier = read(pipeline, MODEL_FILTER, Classifier.class);
        byte[] model = pipeline;
        if (kind == TRAIN) {
            // A fresh copy: some learners rearrange the rows they are given.
            classifier.buildClassifier(WekaRows.rebuild(read(training, FILTER, Object[].class)));
            model = write(classifier);
            // Scored with a copy read back through the filter, as every later reader of the model will.
            classifier = read(model, MODEL_FILTER, Classifier.class);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024 + model.length);
        DataOutputStream answer = new DataOutputStream(bytes);
        answer.writeInt(OK);
        answer.writeInt(model.length);
        answer.write(model);
        answer.writeInt(splits.length);
        for (byte[] split : splits) {
            int[] predicted = predict(classifier, WekaRows.rebuild(read(split, FILTER, Object[].class)));
            answer.writeInt(predicted.length);
            for (int p : predicted) {
                answer.writeInt(p);
            }
        }
        answer.flush();
        return bytes.toByteArray();
    }

    /**
     * The predicted class of every row of {@code split}: the index of the largest probability,
     * {@link #UNCLASSIFIED} for no distribution, an error or a NaN. A pipeline with filters filters
     * the whole split first (the filters were trained on the training rows alone).
     */
    public static int[] predict(Classifier classifier, Instances split) throws Exception {
        Classifier scoring = classifier;
        Instances rows = split;
        if (classifier instanceof FilteredClassifier pipeline) {
            rows = Filter.useFilter(new Instances(split), pipeline.getFilter());
            scoring = pipeline.getClassifier();
        }
        int[] predicted = new int[rows.numInstances()];
        for (int i = 0; i < predicted.length; i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("scoring interrupted");
            }
            predicted[i] = best(scoring, rows, i);
        }
        return predicted;
    }

    private static int best(Classifier classifier, Instances rows, int row) {
        double[] distribution;
        try {
            distribution = classifier.distributionForInstance(rows.instance(row));
        } catch (Exception e) {
            return UNCLASSIFIED;
        }
        int best = UNCLASSIFIED;
        double bestValue = 0;
        for (int c = 0; c < distribution.length; c++) {
            double p = distribution[c];
            if (Double.isNaN(p)) {
                return UNCLASSIFIED;
            }
            if (p > bestValue) {
                best = c;
                bestValue = p;
            }
        }
        return best;
    }

    private static byte[] refused(String message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream answer = new DataOutputStream(bytes);
        answer.writeInt(REFUSED);
        answer.writeUTF(message.length() > 2000 ? message.substring(0, 2000) : message);
        answer.flush();
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, String filter, Class<T> type) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter(filter));
            return type.cast(in.readObject());
        }
    }

    private static byte[] write(Classifier classifier) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(classifier);
        }
        return bytes.toByteArray();
    }
}
