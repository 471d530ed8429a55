package org.qenex.monitoring.internal.alert;

import java.lang.reflect.Proxy;
import java.util.Map;

/** An instance of a configuration annotation type, as DS would make from a .cfg: the given values, else the defaults. */
public final class Configs {

    private Configs() {
    }

    public static <A> A of(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            if (method.getDefaultValue() != null) {
                return method.getDefaultValue();
            }
            throw new AssertionError("no value for " + method.getName());
        }));
    }
}
