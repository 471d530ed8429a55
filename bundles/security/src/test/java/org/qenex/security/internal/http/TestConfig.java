package org.qenex.security.internal.http;

import java.lang.reflect.Proxy;
import java.util.Map;

/** An {@link ApiGatewayConfiguration} with its defaults, some overridden. */
public final class TestConfig {

    private TestConfig() {
    }

    public static ApiGatewayConfiguration with(Map<String, Object> overrides) {
        return (ApiGatewayConfiguration) Proxy.newProxyInstance(TestConfig.class.getClassLoader(),
                new Class<?>[] {ApiGatewayConfiguration.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return ApiGatewayConfiguration.class;
                    }
                    Object value = overrides.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
    }
}
