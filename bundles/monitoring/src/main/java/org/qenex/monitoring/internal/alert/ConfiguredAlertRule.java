package org.qenex.monitoring.internal.alert;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One {@code org.qenex.alert} factory configuration ({@code etc/org.qenex.alert-<name>.cfg}) as a
 * service the {@link AlertEngine} picks up. A configuration that does not describe a valid rule
 * fails this component's activation with the reason, which the log shows; the engine never sees it.
 */
@Component(service = ConfiguredAlertRule.class, configurationPid = ConfiguredAlertRule.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AlertRuleConfiguration.class, factory = true)
public final class ConfiguredAlertRule {

    static final String FACTORY_PID = "org.qenex.alert";

    private final AlertRule rule;

    @Activate
    public ConfiguredAlertRule(AlertRuleConfiguration configuration) {
        this.rule = AlertRule.of(configuration);
    }

    AlertRule rule() {
        return rule;
    }
}
