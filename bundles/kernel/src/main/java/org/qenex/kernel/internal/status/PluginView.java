package org.qenex.kernel.internal.status;

/**
 * A registered {@link org.qenex.api.plugin.QenexPlugin} and the state of its bundle.
 *
 * @param name the plugin's name
 * @param version its version
 * @param description what it does
 * @param bundleId the bundle that registered it
 * @param bundleState that bundle's state, for example {@code ACTIVE}
 */
public record PluginView(String name, String version, String description, long bundleId, String bundleState) {
}
