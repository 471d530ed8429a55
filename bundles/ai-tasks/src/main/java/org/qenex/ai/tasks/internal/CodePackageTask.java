package org.qenex.ai.tasks.internal;

import java.time.Clock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.ai.BenchmarkTask;
import org.qenex.api.node.NodeContext;

/**
 * Which top-level package of Weka 3.8.6 (classifiers, core, experiment, filters, gui,
 * knowledgeflow, other) a snippet of 12 to 24 Java tokens was generated from: every row is sampled
 * from per-package token trigram models fitted to Weka's sources ({@link TextSplits}; see
 * docs/data.md), 571 training, 142 public and 428 held-out rows per package, the held-out ones
 * drawn per epoch with the held-out secret.
 */
@Component(service = BenchmarkTask.class, configurationPid = "org.qenex.ai.tasks.code")
@Designate(ocd = TextTaskConfiguration.class)
public final class CodePackageTask extends BuiltInTask {

    static final String SECRET_FILE = "code-held-out.secret";
    static final long TRAINING_SEED = 0x434F4445L;
    static final long PUBLIC_SEED = 0x434F4450L;
    static final int MIN_SYMBOLS = 12;
    static final int MAX_SYMBOLS = 24;

    @Activate
    public CodePackageTask(TextTaskConfiguration config, @Reference NodeContext node) {
        this(HeldOutSecret.of(config.heldOutSecret(), SECRET_FILE, node),
                new HeldOutEpoch(config.epoch(), config.epochHours(), Clock.systemUTC()));
    }

    /** With the network's held-out secret and a fixed epoch: for tools and tests. */
    public CodePackageTask(String heldOutSecret, long epoch) {
        this(heldOutSecret, new HeldOutEpoch(epoch, 0, Clock.systemUTC()));
    }

    CodePackageTask(String heldOutSecret, HeldOutEpoch epoch) {
        this(heldOutSecret, epoch, new TextSplits("code.gen.gz", "tokens", "package", TRAINING_SEED, PUBLIC_SEED,
                new int[] { 571, 142, 428 }, MIN_SYMBOLS, MAX_SYMBOLS));
    }

    private CodePackageTask(String heldOutSecret, HeldOutEpoch epoch, TextSplits splits) {
        super(current -> splits.draw(HeldOutSecret.seed(heldOutSecret, current)), epoch);
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
        return "The top-level Weka package whose token trigram model (fitted to Weka 3.8.6's sources, comments, "
                + "package and imports removed) generated a snippet of 12 to 24 Java tokens.";
    }
}
