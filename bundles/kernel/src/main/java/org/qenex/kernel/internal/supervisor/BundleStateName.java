package org.qenex.kernel.internal.supervisor;

import org.osgi.framework.Bundle;

/** The name of a bundle state as {@code bundle:list} shows it. */
public final class BundleStateName {

    private BundleStateName() {
    }

    public static String of(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
