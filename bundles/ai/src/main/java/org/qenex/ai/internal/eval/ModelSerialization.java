package org.qenex.ai.internal.eval;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

import weka.classifiers.Classifier;

/**
 * Java serialization of trained Weka pipelines, both ways. Only this node's own model bytes are
 * ever read back (their hash is checked first by the caller), and even then through an allow-list
 * filter: Weka's and a few core JDK classes, bounded depth and size.
 */
public final class ModelSerialization {

    static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            // java.io.File: StringToWordVector keeps (unused) stop-word and dictionary file names; a File is only a path.
            "maxdepth=5000;maxrefs=5000000;maxbytes=67108864;weka.**;java.lang.*;java.util.*;java.io.File;[*;!*");

    private ModelSerialization() {
    }

    public static TrainedModel write(Classifier classifier) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(classifier);
        } catch (IOException e) {
            throw new UncheckedIOException("serializing a trained model in memory failed", e);
        }
        return new TrainedModel(bytes.toByteArray());
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
