package org.qenex.ai.internal.weka;

import java.util.List;

import org.qenex.ai.internal.worker.WekaRows;
import org.qenex.api.ai.Attribute;
import org.qenex.api.ai.Dataset;

import weka.core.Instances;

/**
 * Turns a task's library-independent {@link Dataset} into Weka {@link Instances} (with
 * {@link WekaRows}, as the training worker does). The class attribute is renamed
 * {@value #CLASS_NAME}: a text filter names its attributes after the tokens it finds, and no
 * tokenizer makes a token with parentheses (the character n-gram tokenizer is capped below its
 * length), so the name never clashes.
 */
public final class DatasetConverter {

    public static final String CLASS_NAME = "(class)";

    private DatasetConverter() {
    }

    public static Instances toInstances(String relation, Dataset dataset) {
        int n = dataset.attributes().size();
        String[] names = new String[n];
        byte[] kinds = new byte[n];
        String[][] labels = new String[n][];
        for (int a = 0; a < n; a++) {
            Attribute attribute = dataset.attributes().get(a);
            names[a] = a == dataset.classIndex() ? CLASS_NAME : attribute.name();
            kinds[a] = switch (attribute.kind()) {
                case NUMERIC -> WekaRows.NUMERIC;
                case NOMINAL -> WekaRows.NOMINAL;
                case TEXT -> WekaRows.TEXT;
            };
            labels[a] = attribute.labels() == null ? new String[0] : attribute.labels().toArray(String[]::new);
        }
        List<String[]> rows = dataset.rows().stream().map(row -> row.toArray(String[]::new)).toList();
        return WekaRows.build(relation, names, kinds, labels, dataset.classIndex(), rows);
    }
}
