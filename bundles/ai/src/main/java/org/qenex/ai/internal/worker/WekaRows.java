package org.qenex.ai.internal.worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

/**
 * Builds Weka {@link Instances} from plain rows of strings, in one way only: the node builds its
 * task data with it ({@code DatasetConverter}) and the training worker rebuilds the same rows with
 * it. Only a build with the same history gives the same model bytes (a text attribute's values
 * sit in a hash table whose serialized order depends on how it grew; Java serialization of the
 * {@code Instances} themselves would not preserve it). JDK and Weka only: it runs in the worker.
 */
public final class WekaRows {

    public static final byte NUMERIC = 0;
    public static final byte NOMINAL = 1;
    public static final byte TEXT = 2;

    private WekaRows() {
    }

    /**
     * @param names the attribute names
     * @param kinds per attribute {@link #NUMERIC}, {@link #NOMINAL} or {@link #TEXT}
     * @param labels per attribute its labels (nominal), else ignored
     * @param rows the values as text, a row per instance, attribute by attribute
     */
    public static Instances build(String relation, String[] names, byte[] kinds, String[][] labels, int classIndex,
            List<String[]> rows) {
        ArrayList<Attribute> attributes = new ArrayList<>();
        for (int a = 0; a < names.length; a++) {
            attributes.add(switch (kinds[a]) {
                case NUMERIC -> new Attribute(names[a]);
                case NOMINAL -> new Attribute(names[a], new ArrayList<>(Arrays.asList(labels[a])));
                case TEXT -> new Attribute(names[a], (List<String>) null);
                default -> throw new IllegalArgumentException("attribute kind " + kinds[a]);
            });
        }
        Instances instances = new Instances(relation, attributes, rows.size());
        instances.setClassIndex(classIndex);
        for (String[] row : rows) {
            double[] values = new double[row.length];
            for (int a = 0; a < row.length; a++) {
                Attribute attribute = attributes.get(a);
                values[a] = switch (kinds[a]) {
                    case NUMERIC -> Double.parseDouble(row[a]);
                    case NOMINAL -> attribute.indexOfValue(row[a]);
                    default -> attribute.addStringValue(row[a]);
                };
            }
            instances.add(new DenseInstance(1.0, values));
        }
        return instances;
    }

    /**
     * What {@link #rebuild} needs to build {@code instances} again the same way: relation, names,
     * kinds, labels, class index, rows (plain JDK objects, for the worker's input).
     */
    public static Object[] describe(Instances instances) {
        int n = instances.numAttributes();
        String[] names = new String[n];
        byte[] kinds = new byte[n];
        String[][] labels = new String[n][];
        for (int a = 0; a < n; a++) {
            Attribute attribute = instances.attribute(a);
            names[a] = attribute.name();
            kinds[a] = attribute.isString() ? TEXT : attribute.isNominal() ? NOMINAL : NUMERIC;
            labels[a] = new String[attribute.isNominal() ? attribute.numValues() : 0];
            for (int v = 0; v < labels[a].length; v++) {
                labels[a][v] = attribute.value(v);
            }
        }
        String[][] rows = new String[instances.numInstances()][n];
        for (int i = 0; i < rows.length; i++) {
            for (int a = 0; a < n; a++) {
                double value = instances.instance(i).value(a);
                // Double.toString and parseDouble round-trip every double exactly.
                rows[i][a] = kinds[a] == NUMERIC ? Double.toString(value) : instances.attribute(a).value((int) value);
            }
        }
        return new Object[] { instances.relationName(), names, kinds, labels, instances.classIndex(), rows };
    }

    /** Builds the instances {@link #describe} described. */
    public static Instances rebuild(Object[] description) {
        return build((String) description[0], (String[]) description[1], (byte[]) description[2],
                (String[][]) description[3], (Integer) description[4], Arrays.asList((String[][]) description[5]));
    }
}
