package org.qenex.ai.tasks.internal;

import org.osgi.service.component.annotations.Component;
import org.qenex.api.ai.BenchmarkTask;
import org.qenex.api.ai.Metric;
import org.qenex.api.ai.TaskData;

/**
 * Which top-level package of Weka 3.8.6 a 64-token snippet of Java comes from (classifiers, core,
 * experiment, filters, gui, knowledgeflow, other); whole files are kept within one split.
 */
@Component(service = BenchmarkTask.class)
public final class CodePackageTask implements BenchmarkTask {

    private final LazyTaskData data = new LazyTaskData(() -> TsvSplits.load("code.tsv.gz", "tokens", "package"));

    @Override
    public String domain() {
        return "code";
    }

    @Override
    public String name() {
        return "code.weka-packages";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String description() {
        return "The top-level Weka package a snippet of 64 Java tokens (comments, package and imports removed) "
                + "comes from.";
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
