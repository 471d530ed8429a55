package org.qenex.security.internal.intrusion;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A typed configuration with its declared defaults, some of them overridden, as SCR would build it. */
final class TestConfigs {

    private TestConfigs() {
    }

    static IntrusionConfiguration intrusion(Map<String, Object> overrides) {
        return (IntrusionConfiguration) Proxy.newProxyInstance(TestConfigs.class.getClassLoader(),
                new Class<?>[] {IntrusionConfiguration.class}, (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    return switch (method.getName()) {
                        case "annotationType" -> IntrusionConfiguration.class;
                        case "hashCode" -> 0;
                        case "equals" -> proxy == args[0];
                        default -> "defaults";
                    };
                });
    }
}
