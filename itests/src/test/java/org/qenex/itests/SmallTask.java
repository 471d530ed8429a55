package org.qenex.itests;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.qenex.api.ai.Attribute;
import org.qenex.api.ai.BenchmarkTask;
import org.qenex.api.ai.Dataset;
import org.qenex.api.ai.Metric;
import org.qenex.api.ai.TaskData;

/**
 * A tiny task registered by a test so that every learner trains in milliseconds: two numbers and a
 * class ({@link #NUMBERS}), or a short text and a class ({@link #WORDS}, for the text filters).
 */
final class SmallTask implements BenchmarkTask {

    static final String NUMBERS = "itest.numbers";
    static final String WORDS = "itest.words";

    private final String name;
    private final TaskData data;

    SmallTask(String name) {
        this.name = name;
        this.data = new TaskData(rows(1, 80), rows(2, 40), rows(3, 40));
    }

    private Dataset rows(long seed, int count) {
        Random random = new Random(seed);
        List<List<String>> rows = new ArrayList<>();
        Attribute label = Attribute.nominal("label", List.of("a", "b"));
        if (name.equals(NUMBERS)) {
            for (int i = 0; i < count; i++) {
                int x = random.nextInt(100);
                int y = random.nextInt(100);
                rows.add(List.of(Integer.toString(x), Integer.toString(y), x + y + random.nextInt(30) > 110 ? "b" : "a"));
            }
            return new Dataset(List.of(Attribute.numeric("x"), Attribute.numeric("y"), label), 2, rows);
        }
        String[][] words = { { "alpha", "apple", "anchor", "amber" }, { "beta", "banana", "bridge", "blue" } };
        for (int i = 0; i < count; i++) {
            int l = i % 2;
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 6; w++) {
                text.append(words[random.nextInt(5) == 0 ? 1 - l : l][random.nextInt(4)]).append(' ');
            }
            rows.add(List.of(text.toString().strip(), l == 0 ? "a" : "b"));
        }
        return new Dataset(List.of(Attribute.text("text"), label), 1, rows);
    }

    @Override
    public String domain() {
        return "test";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String description() {
        return "A tiny task for container tests.";
    }

    @Override
    public Metric metric() {
        return Metric.ACCURACY;
    }

    @Override
    public TaskData data() {
        return data;
    }

    @Override
    public String dataHash() {
        return data.sha256();
    }
}
