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
 * A third party's benchmark task, registered by a test the way a hot-deployed plugin bundle would:
 * is a number above 50? Deterministic, so its data hash is the same every time.
 */
final class ThresholdTask implements BenchmarkTask {

    static final String NAME = "plugin.threshold";

    private final TaskData data = new TaskData(rows(1, 300), rows(2, 150), rows(3, 150));

    private static Dataset rows(long seed, int count) {
        Random random = new Random(seed);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int x = random.nextInt(101);
            rows.add(List.of(Integer.toString(x), x > 50 ? "high" : "low"));
        }
        return new Dataset(List.of(Attribute.numeric("x"), Attribute.nominal("level", List.of("low", "high"))), 1, rows);
    }

    @Override
    public String domain() {
        return "mathematics";
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String description() {
        return "Whether a number from 0 to 100 is above 50.";
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
