package org.qenex.ai.tasks.internal;

import org.osgi.service.component.annotations.Component;
import org.qenex.api.ai.BenchmarkTask;

/**
 * Which top-level package of Weka 3.8.6 a 64-token snippet of Java comes from (classifiers, core,
 * experiment, filters, gui, knowledgeflow, other); whole files are kept within one split.
 */
@Component(service = BenchmarkTask.class)
public final class CodePackageTask extends BuiltInTask {

    public CodePackageTask() {
        super(() -> TsvSplits.load("code.tsv.gz", "tokens", "package"));
    }

    @Override
    public String domain() {
        return "code";
    }

    @Override
    public String name() {
        return "code.weka-packages";
    }

    @Override
    public String description() {
        return "The top-level Weka package a snippet of 64 Java tokens (comments, package and imports removed) "
                + "comes from.";
    }
}
