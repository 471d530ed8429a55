package org.qenex.ai.internal.weka;

import java.util.ArrayList;
import java.util.List;

import org.qenex.api.ai.Attribute;
import org.qenex.api.ai.Dataset;

import weka.core.DenseInstance;
import weka.core.Instances;

/**
 * Turns a task's library-independent {@link Dataset} into Weka {@link Instances}. The class
 * attribute is renamed {@value #CLASS_NAME}: a text filter names its attributes after the tokens
 * it finds, and no tokenizer makes a token with parentheses (the character n-gram tokenizer is
 * capped below its length), so the name never clashes.
 */
public final class DatasetConverter {

    public static final String CLASS_NAME = "(class)";

    private DatasetConverter() {
    }

    public static Instances toInstances(String relation, Dataset dataset) {
        ArrayList<weka.core.Attribute> attributes = new ArrayList<>();
        for (int a = 0; a < dataset.attributes().size(); a++) {
            Attribute attribute = dataset.attributes().get(a);
            String name = a == dataset.classIndex() ? CLASS_NAME : attribute.name();
            attributes.add(switch (attribute.kind()) {
                case NUMERIC -> new weka.core.Attribute(name);
                case NOMINAL -> new weka.core.Attribute(name, new ArrayList<>(attribute.labels()));
                case TEXT -> new weka.core.Attribute(name, (List<String>) null);
            });
        }
        Instances instances = new Instances(relation, attributes, dataset.rows().size());
        instances.setClassIndex(dataset.classIndex());
        for (List<String> row : dataset.rows()) {
            double[] values = new double[row.size()];
            for (int a = 0; a < row.size(); a++) {
                weka.core.Attribute attribute = attributes.get(a);
                String value = row.get(a);
                values[a] = switch (dataset.attributes().get(a).kind()) {
                    case NUMERIC -> Double.parseDouble(value);
                    case NOMINAL -> attribute.indexOfValue(value);
                    case TEXT -> attribute.addStringValue(value);
                };
            }
            instances.add(new DenseInstance(1.0, values));
        }
        return instances;
    }
}
