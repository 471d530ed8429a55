package org.qenex.security.internal.intrusion;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.qenex.security.internal.audit.AuditConfiguration;

/** A typed configuration with its declared defaults, some of them overridden, as SCR would build it. */
final class TestConfigs {

    private TestConfigs() {
    }

    static IntrusionConfiguration intrusion(Map<String, Object> overrides) {
        return of(IntrusionConfiguration.class, overrides);
    }

    static AuditConfiguration audit(Map<String, Object> overrides) {
        return of(AuditConfiguration.class, overrides);
    }

    private static <T> T of(Class<T> type, Map<String, Object> overrides) {
        return type.cast(Proxy.newProxyInstance(TestConfigs.class.getClassLoader(),
                new Class<?>[] {type}, (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    return switch (method.getName()) {
                        case "annotationType" -> type;
                        case "hashCode" -> 0;
                        case "equals" -> proxy == args[0];
                        default -> "defaults";
                    };
                }));
    }
}
