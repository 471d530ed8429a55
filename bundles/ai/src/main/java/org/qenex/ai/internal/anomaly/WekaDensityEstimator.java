package org.qenex.ai.internal.anomaly;

import java.util.ArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.ai.internal.weka.WekaEnvironment;
import org.qenex.api.anomaly.DensityEstimator;
import org.qenex.api.anomaly.FittedDensity;
import org.qenex.api.node.NodeContext;

import weka.clusterers.EM;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

/**
 * A {@link DensityEstimator} backed by Weka's EM clusterer: a mixture of {@value #CLUSTERS}
 * Gaussian clusters with independent attributes, fitted with a fixed seed, scored with
 * {@link EM#logDensityForInstance}. A fixed number of clusters (not EM's cross-validated choice)
 * keeps fitting to a few seconds for thousands of rows and the result reproducible. The class is
 * constructed directly: Weka's by-name lookup finds nothing inside OSGi.
 */
@Component(service = DensityEstimator.class)
public final class WekaDensityEstimator implements DensityEstimator {

    static final int CLUSTERS = 3;
    static final int SEED = 1;
    /**
     * Per cluster and attribute: without a floor, a column that is constant in the baseline (no
     * failed logins at all) makes any other value infinitely improbable.
     */
    static final double MIN_STD_DEV = 0.1;
    private static final int MAX_ITERATIONS = 100;

    @Activate
    public WekaDensityEstimator(@Reference NodeContext node) {
        // Keep Weka's package manager offline and inside the bundle's data folder, whichever component touches Weka first.
        WekaEnvironment.prepare(node.dataFolder().resolve("weka"));
    }

    @Override
    public FittedDensity fit(double[][] baseline, String[] featureNames) {
        if (baseline.length == 0) {
            throw new IllegalArgumentException("an empty baseline");
        }
        ArrayList<Attribute> attributes = new ArrayList<>();
        for (String name : featureNames) {
            attributes.add(new Attribute(name));
        }
        Instances data = new Instances("baseline", attributes, baseline.length);
        for (double[] row : baseline) {
            if (row.length != featureNames.length) {
                throw new IllegalArgumentException("a row of " + row.length + " values for " + featureNames.length + " features");
            }
            data.add(new DenseInstance(1.0, row.clone()));
        }
        EM em = new EM();
        try {
            em.setNumClusters(Math.min(CLUSTERS, baseline.length));
            em.setSeed(SEED);
            em.setMinStdDev(MIN_STD_DEV);
            em.setMaxIterations(MAX_ITERATIONS);
            em.setNumExecutionSlots(1);
            em.buildClusterer(data);
        } catch (Exception | LinkageError e) {
            // A LinkageError too: a class Weka misses inside OSGi must not escape into the caller's scheduler.
            throw new IllegalStateException("Weka EM could not fit the baseline: " + e, e);
        }
        return new Fitted(em, new Instances(data, 0),
                "Weka EM, " + em.getNumClusters() + " clusters, seed " + SEED + ", " + baseline.length + " rows");
    }

    /** EM's scoring passes through a stateful missing-value filter, hence the lock. */
    private static final class Fitted implements FittedDensity {

        private final EM em;
        private final Instances header;
        private final String algorithm;

        Fitted(EM em, Instances header, String algorithm) {
            this.em = em;
            this.header = header;
            this.algorithm = algorithm;
        }

        @Override
        public synchronized double logDensity(double[] features) {
            if (features.length != header.numAttributes()) {
                throw new IllegalArgumentException(features.length + " values for " + header.numAttributes() + " features");
            }
            DenseInstance instance = new DenseInstance(1.0, features.clone());
            instance.setDataset(header);
            try {
                return em.logDensityForInstance(instance);
            } catch (Exception | LinkageError e) {
                throw new IllegalStateException("Weka EM could not score: " + e, e);
            }
        }

        @Override
        public String algorithm() {
            return algorithm;
        }
    }
}
