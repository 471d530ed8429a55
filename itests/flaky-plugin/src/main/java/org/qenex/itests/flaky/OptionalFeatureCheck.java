package org.qenex.itests.flaky;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.osgi.service.component.annotations.Component;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;

/**
 * A non-critical check, DOWN while the file {@code ${karaf.data}/flaky-optional-down} exists: the
 * node must stay serving (DEGRADED, {@code /api/v1/health} 200).
 */
@Component(name = "org.qenex.itests.flaky.optional",
        property = { HealthCheck.NAME + "=flaky-optional", HealthCheck.CRITICAL + "=false" })
public final class OptionalFeatureCheck implements HealthCheck {

    static final Path DOWN_MARKER = Paths.get(System.getProperty("karaf.data", "."), "flaky-optional-down");

    @Override
    public HealthResult check() {
        return Files.exists(DOWN_MARKER) ? HealthResult.down("optional feature told to be down") : HealthResult.up("fine");
    }
}
