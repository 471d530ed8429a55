package org.qenex.ai.internal.weka;

import weka.classifiers.functions.SMO;
import weka.classifiers.trees.RandomForest;
import weka.classifiers.trees.RandomTree;
import weka.core.SelectedTag;
import weka.core.Utils;

/**
 * Option parsing for the allow-listed classes whose own {@code setOptions} builds a nested object
 * with {@code AbstractClassifier.forName}: {@link RandomForest} (its {@link RandomTree}) and
 * {@link SMO} (its calibrator, always, even when no option names one). Weka's {@code forName}
 * first asks its class discovery, which scans the class path and finds nothing inside an OSGi
 * bundle ("Can't find a permissible class called weka.classifiers.trees.RandomTree"). These
 * methods give the same objects the same settings as Weka's {@code setOptions} for every option the
 * allow-list admits, constructing the nested object directly (tested equal, model bytes and all,
 * on a flat class path where Weka's own path works).
 */
final class DirectOptions {

    private DirectOptions() {
    }

    /** {@code RandomForest.setOptions} (Weka 3.8.6) without {@code forName}: -P -I here, the rest for the tree. */
    static void randomForest(RandomForest forest, String[] options) throws Exception {
        String bagSize = Utils.getOption('P', options);
        forest.setBagSizePercent(bagSize.isEmpty() ? 100 : Integer.parseInt(bagSize));
        String iterations = Utils.getOption('I', options);
        forest.setNumIterations(iterations.isEmpty() ? new RandomForest().getNumIterations() : Integer.parseInt(iterations));
        forest.setNumExecutionSlots(1);
        RandomTree tree = new RandomTree();
        tree.setOptions(options); // -K -M -S -depth; refuses anything left over
        tree.setComputeImpurityDecreases(false);
        forest.setDoNotCheckCapabilities(tree.getDoNotCheckCapabilities());
        forest.setSeed(tree.getSeed());
        forest.setDebug(tree.getDebug());
        forest.setNumDecimalPlaces(tree.getNumDecimalPlaces());
        forest.setBatchSize(tree.getBatchSize());
        tree.setDoNotCheckCapabilities(true);
        forest.setClassifier(tree);
    }

    /** {@code SMO.setOptions} (Weka 3.8.6) for -C -L -N -W, keeping the constructor's kernel and Logistic calibrator. */
    static void smo(SMO smo, String[] options) throws Exception {
        String c = Utils.getOption('C', options);
        smo.setC(c.isEmpty() ? 1.0 : Double.parseDouble(c));
        String tolerance = Utils.getOption('L', options);
        smo.setToleranceParameter(tolerance.isEmpty() ? 1.0e-3 : Double.parseDouble(tolerance));
        String filter = Utils.getOption('N', options);
        smo.setFilterType(new SelectedTag(filter.isEmpty() ? SMO.FILTER_NORMALIZE : Integer.parseInt(filter), SMO.TAGS_FILTER));
        String seed = Utils.getOption('W', options);
        smo.setRandomSeed(seed.isEmpty() ? 1 : Integer.parseInt(seed));
        Utils.checkForRemainingOptions(options);
    }
}
