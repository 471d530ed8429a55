package org.qenex.security.internal.http;

import java.util.Map;

import org.qenex.security.internal.TypedConfigs;

/** An {@link ApiGatewayConfiguration} with its defaults, some overridden. */
public final class TestConfig {

    private TestConfig() {
    }

    public static ApiGatewayConfiguration with(Map<String, Object> overrides) {
        return TypedConfigs.of(ApiGatewayConfiguration.class, overrides);
    }
}
