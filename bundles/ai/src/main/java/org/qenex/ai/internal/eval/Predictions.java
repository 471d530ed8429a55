package org.qenex.ai.internal.eval;

/**
 * A model's predictions on one split: the predicted class index per row ({@link #UNCLASSIFIED}
 * when the model gave NaN or no distribution) and the true one.
 */
public final class Predictions {

    public static final int UNCLASSIFIED = -1;

    private final int[] predicted;
    private final int[] actual;

    public Predictions(int[] predicted, int[] actual) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException("one prediction per row");
        }
        this.predicted = predicted.clone();
        this.actual = actual.clone();
    }

    public int size() {
        return predicted.length;
    }

    public int predicted(int row) {
        return predicted[row];
    }

    public boolean correct(int row) {
        return predicted[row] == actual[row];
    }

    public int correctCount() {
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == actual[i]) {
                correct++;
            }
        }
        return correct;
    }

    public int unclassified() {
        int count = 0;
        for (int p : predicted) {
            if (p == UNCLASSIFIED) {
                count++;
            }
        }
        return count;
    }

    /** Accuracy in parts per million, rounded down: exact integer arithmetic, so every node agrees. */
    public long accuracyPpm() {
        return predicted.length == 0 ? 0 : correctCount() * 1_000_000L / predicted.length;
    }

    /** The predicted classes, for fingerprints. */
    public int[] predictedClasses() {
        return predicted.clone();
    }
}
