package org.qenex.ai.tasks.internal;

import java.time.Clock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.ai.BenchmarkTask;

/**
 * Which top-level package of Weka 3.8.6 a 64-token snippet of Java comes from (classifiers, core,
 * experiment, filters, gui, knowledgeflow, other), split per epoch with the held-out secret
 * ({@link TsvSplits}; see docs/data.md).
 */
@Component(service = BenchmarkTask.class, configurationPid = "org.qenex.ai.tasks.code")
@Designate(ocd = TextTaskConfiguration.class)
public final class CodePackageTask extends BuiltInTask {

    static final String SECRET_FILE = "code-held-out.secret";

    @Activate
    public CodePackageTask(TextTaskConfiguration config) {
        this(config, System.getProperty("karaf.data"));
    }

    /** @param karafData the node's data folder, or {@code null} outside Karaf (the configured fallback is used) */
    CodePackageTask(TextTaskConfiguration config, String karafData) {
        this(HeldOutSecret.of(config.heldOutSecret(), SECRET_FILE, karafData, config.fallbackDataDir()),
                new HeldOutEpoch(config.epoch(), config.epochHours(), Clock.systemUTC()));
    }

    /** With the network's held-out secret and a fixed epoch: for tools and tests. */
    public CodePackageTask(String heldOutSecret, long epoch) {
        this(heldOutSecret, new HeldOutEpoch(epoch, 0, Clock.systemUTC()));
    }

    CodePackageTask(String heldOutSecret, HeldOutEpoch epoch) {
        super(current -> TsvSplits.load("code.tsv.gz", "tokens", "package", heldOutSecret, current), epoch);
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
