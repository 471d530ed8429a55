package org.qenex.ai.internal.eval;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

import org.qenex.ai.internal.worker.TrainingWorker;

import weka.classifiers.Classifier;

/**
 * Java serialization of Weka pipelines, both ways. Only this node's own model bytes are ever read
 * back (their hash is checked first by the caller), and even then through an allow-list filter:
 * Weka's and a few core JDK classes, bounded depth and size (the same filter the training worker
 * reads models through).
 */
public final class ModelSerialization {

    // java.io.File: StringToWordVector keeps (unused) stop-word and dictionary file names; a File is only a path.
    static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(TrainingWorker.MODEL_FILTER);

    private ModelSerialization() {
    }

    /** The serialized form of a pipeline, trained or not (an untrained one is what the worker is sent). */
    public static byte[] bytes(Classifier classifier) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(classifier);
        } catch (IOException e) {
            throw new UncheckedIOException("serializing a model in memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** A fresh copy of the model: each caller (each thread) predicts with its own. */
    public static Classifier read(TrainedModel model) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(model.bytes()))) {
            in.setObjectInputFilter(FILTER);
            return (Classifier) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new IllegalStateException("model " + model.hash() + " cannot be read back: " + e, e);
        }
    }
}
