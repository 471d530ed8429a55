package org.qenex.ai.tasks.internal;

import org.osgi.service.component.annotations.Component;
import org.qenex.api.ai.BenchmarkTask;
import org.qenex.api.ai.Metric;
import org.qenex.api.ai.TaskData;

/**
 * Which of seven languages (cs, de, en, es, it, pl, pt) a quote is in: Debian's fortunes
 * packages, 4,900 training, 1,050 public and 2,996 held-out quotes (see docs/data.md).
 */
@Component(service = BenchmarkTask.class)
public final class LanguageIdentificationTask implements BenchmarkTask {

    private final LazyTaskData data = new LazyTaskData(() -> TsvSplits.load("language.tsv.gz", "text", "language"));

    @Override
    public String domain() {
        return "language";
    }

    @Override
    public String name() {
        return "language.fortunes";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String description() {
        return "The language (cs, de, en, es, it, pl, pt) of a quote from Debian's fortunes packages.";
    }

    @Override
    public Metric metric() {
        return Metric.ACCURACY;
    }

    @Override
    public TaskData data() {
        return data.data();
    }

    @Override
    public String dataHash() {
        return data.hash();
    }
}
