package org.qenex.ai.internal.weka;

import java.nio.file.Path;

/**
 * Keeps Weka inside the node: its package manager offline, not loading packages, with its home
 * under the node's data folder (never {@code ~/wekafiles}), and no display needed. Must run before
 * the first Weka class is loaded; properties an operator set already are left alone.
 */
public final class WekaEnvironment {

    private WekaEnvironment() {
    }

    public static void prepare(Path wekaHome) {
        setIfAbsent("WEKA_HOME", wekaHome.toAbsolutePath().toString());
        setIfAbsent("weka.packageManager.offline", "true");
        setIfAbsent("weka.packageManager.loadPackages", "false");
        setIfAbsent("java.awt.headless", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
