package org.qenex.ai.tasks.internal;

import java.time.Clock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.ai.BenchmarkTask;

/**
 * Which of seven languages (cs, de, en, es, it, pl, pt) a quote is in: Debian's fortunes
 * packages, 4,900 training, 1,050 public and 2,996 held-out quotes, split per epoch with the held-out
 * secret ({@link TsvSplits}; see docs/data.md).
 */
@Component(service = BenchmarkTask.class, configurationPid = "org.qenex.ai.tasks.language")
@Designate(ocd = TextTaskConfiguration.class)
public final class LanguageIdentificationTask extends BuiltInTask {

    static final String SECRET_FILE = "language-held-out.secret";

    @Activate
    public LanguageIdentificationTask(TextTaskConfiguration config) {
        this(config, System.getProperty("karaf.data"));
    }

    /** @param karafData the node's data folder, or {@code null} outside Karaf (the configured fallback is used) */
    LanguageIdentificationTask(TextTaskConfiguration config, String karafData) {
        this(HeldOutSecret.of(config.heldOutSecret(), SECRET_FILE, karafData, config.fallbackDataDir()),
                new HeldOutEpoch(config.epoch(), config.epochHours(), Clock.systemUTC()));
    }

    /** With the network's held-out secret and a fixed epoch: for tools and tests. */
    public LanguageIdentificationTask(String heldOutSecret, long epoch) {
        this(heldOutSecret, new HeldOutEpoch(epoch, 0, Clock.systemUTC()));
    }

    LanguageIdentificationTask(String heldOutSecret, HeldOutEpoch epoch) {
        super(current -> TsvSplits.load("language.tsv.gz", "text", "language", heldOutSecret, current), epoch);
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
