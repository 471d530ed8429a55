package org.qenex.ai.tasks.internal;

import org.osgi.service.component.annotations.Component;
import org.qenex.api.ai.BenchmarkTask;

/**
 * Which of seven languages (cs, de, en, es, it, pl, pt) a quote is in: Debian's fortunes
 * packages, 4,900 training, 1,050 public and 2,996 held-out quotes (see docs/data.md).
 */
@Component(service = BenchmarkTask.class)
public final class LanguageIdentificationTask extends BuiltInTask {

    public LanguageIdentificationTask() {
        super(() -> TsvSplits.load("language.tsv.gz", "text", "language"));
    }

    @Override
    public String domain() {
        return "language";
    }

    @Override
    public String name() {
        return "language.fortunes";
    }

    @Override
    public String description() {
        return "The language (cs, de, en, es, it, pl, pt) of a quote from Debian's fortunes packages.";
    }
}
