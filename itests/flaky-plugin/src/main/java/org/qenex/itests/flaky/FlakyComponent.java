package org.qenex.itests.flaky;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.plugin.QenexPlugin;

/** Fails to activate while its configuration says so: the supervisor must restart it with backoff, then quarantine it. */
@Component(name = "org.qenex.itests.flaky.component", immediate = true, configurationPid = "org.qenex.itests.flaky",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FlakyConfiguration.class)
public final class FlakyComponent implements QenexPlugin {

    @Activate
    public FlakyComponent(FlakyConfiguration config) {
        if (config.failActivate()) {
            throw new IllegalStateException("flaky component told to fail");
        }
    }

    @Override
    public String name() {
        return "flaky";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String description() {
        return "Fails on command, for the self-healing tests";
    }
}
