package org.qenex.security.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A typed configuration with its declared defaults, some of them overridden, as SCR would build it. */
public final class TypedConfigs {

    private TypedConfigs() {
    }

    public static <T> T of(Class<T> type, Map<String, Object> overrides) {
        return type.cast(Proxy.newProxyInstance(TypedConfigs.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
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
