package org.qenex.ai.internal.eval;

import weka.classifiers.Classifier;
import weka.core.Instances;

/**
 * Scores a trained model on a split. Every call predicts with its own deserialized copy of the
 * model, so calls from several threads never share an instance (Logistic and SMO give wrong
 * answers, or throw, when one instance predicts from several threads).
 */
public final class Scorer {

    public Predictions score(TrainedModel model, Instances split) {
        return score(ModelSerialization.read(model), split);
    }

    /** Scores with {@code classifier}, which the caller must not share with another thread. */
    public Predictions score(Classifier classifier, Instances split) {
        int n = split.numInstances();
        int[] predicted = new int[n];
        int[] actual = new int[n];
        for (int i = 0; i < n; i++) {
            actual[i] = (int) split.instance(i).classValue();
            predicted[i] = predict(classifier, split, i);
        }
        return new Predictions(predicted, actual);
    }

    private static int predict(Classifier classifier, Instances split, int row) {
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException(new InterruptedException("scoring interrupted"));
        }
        double[] distribution;
        try {
            distribution = classifier.distributionForInstance(split.instance(row));
        } catch (Exception e) {
            return Predictions.UNCLASSIFIED;
        }
        int best = Predictions.UNCLASSIFIED;
        double bestValue = 0;
        for (int c = 0; c < distribution.length; c++) {
            double p = distribution[c];
            if (Double.isNaN(p)) {
                return Predictions.UNCLASSIFIED;
            }
            if (p > bestValue) {
                best = c;
                bestValue = p;
            }
        }
        return best;
    }
}
