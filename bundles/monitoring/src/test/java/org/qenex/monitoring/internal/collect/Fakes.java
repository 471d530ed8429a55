package org.qenex.monitoring.internal.collect;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Test doubles for the framework's and the servlet API's interfaces, which are too large to
 * implement by hand: the methods named in {@code answers} return the given value, any other
 * method fails the test, so a test cannot pass by accident on a method it did not think of.
 */
public final class Fakes {

    private Fakes() {
    }

    public static <T> T of(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("toString")) {
                return type.getSimpleName() + answers;
            }
            if (!answers.containsKey(method.getName())) {
                throw new AssertionError("unexpected call " + type.getSimpleName() + "." + method.getName());
            }
            Object answer = answers.get(method.getName());
            return answer instanceof Answer a ? a.answer(args) : answer;
        }));
    }

    /** An answer computed from the call's arguments. */
    @FunctionalInterface
    public interface Answer {
        Object answer(Object[] args) throws Throwable;
    }
}
