package org.qenex.kernel.internal.supervisor;

import java.util.Map;

import org.osgi.framework.Constants;
import org.qenex.api.health.HealthCheck;

/**
 * A health check service with what the supervisor needs to know about its registration.
 *
 * @param check the service
 * @param serviceId its {@code service.id}
 * @param name the {@link HealthCheck#NAME} property, or {@code null}
 * @param bundleId the registering bundle
 * @param componentName the {@code component.name} property if a DS component registered it, else {@code null}
 * @param critical whether its DOWN makes the node DOWN; {@code false} when registered with {@link HealthCheck#CRITICAL}{@code =false}
 */
record RegisteredCheck(HealthCheck check, long serviceId, String name, long bundleId, String componentName,
        boolean critical) {

    static RegisteredCheck of(HealthCheck check, Map<String, Object> properties) {
        Object name = properties.get(HealthCheck.NAME);
        Object component = properties.get("component.name");
        return new RegisteredCheck(check, ((Number) properties.get(Constants.SERVICE_ID)).longValue(),
                name == null ? null : name.toString(),
                ((Number) properties.get(Constants.SERVICE_BUNDLEID)).longValue(),
                component == null ? null : component.toString(), Criticality.of(properties.get(HealthCheck.CRITICAL)));
    }
}
