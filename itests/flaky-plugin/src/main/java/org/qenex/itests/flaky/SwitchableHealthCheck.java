package org.qenex.itests.flaky;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.osgi.service.component.annotations.Component;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;

/**
 * DOWN while the file {@code ${karaf.data}/flaky-health-down} exists: the supervisor must restart
 * this component, and quarantine it when the file stays.
 */
@Component(name = "org.qenex.itests.flaky.health", property = HealthCheck.NAME + "=flaky-health")
public final class SwitchableHealthCheck implements HealthCheck {

    static final Path DOWN_MARKER = Paths.get(System.getProperty("karaf.data", "."), "flaky-health-down");

    @Override
    public HealthResult check() {
        return Files.exists(DOWN_MARKER) ? HealthResult.down("told to be down") : HealthResult.up("fine");
    }
}
