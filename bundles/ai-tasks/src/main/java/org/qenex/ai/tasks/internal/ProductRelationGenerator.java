package org.qenex.ai.tasks.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.qenex.api.ai.Attribute;
import org.qenex.api.ai.Dataset;

/**
 * Rows of six integers 1..30, {@code a b c d e f}, labelled by how {@code a*b} compares with
 * {@code c*d}: {@code less} (by more than {@value #CLOSE}), {@code close}, or {@code greater}.
 * {@code e} and {@code f} are distractors. No learner in the registry represents a product
 * exactly, so there is always room to improve. {@link SplittableRandom}'s algorithm is specified,
 * so a seed gives the same rows on every JVM.
 */
final class ProductRelationGenerator {

    static final int CLOSE = 15;
    static final List<Attribute> ATTRIBUTES = List.of(Attribute.numeric("a"), Attribute.numeric("b"),
            Attribute.numeric("c"), Attribute.numeric("d"), Attribute.numeric("e"), Attribute.numeric("f"),
            Attribute.nominal("relation", List.of("less", "close", "greater")));

    private ProductRelationGenerator() {
    }

    static Dataset generate(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<String>> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int[] v = new int[6];
            List<String> row = new ArrayList<>(7);
            for (int j = 0; j < 6; j++) {
                v[j] = 1 + random.nextInt(30);
                row.add(Integer.toString(v[j]));
            }
            int difference = v[0] * v[1] - v[2] * v[3];
            row.add(difference < -CLOSE ? "less" : difference > CLOSE ? "greater" : "close");
            rows.add(row);
        }
        return new Dataset(ATTRIBUTES, 6, rows);
    }
}
