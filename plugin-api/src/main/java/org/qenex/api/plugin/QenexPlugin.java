package org.qenex.api.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The descriptor of a plugin, registered as an OSGi service by the plugin's bundle.
 *
 * <p>{@code qenex:plugins} and {@code /api/v1/status} list every registered descriptor together
 * with the state of the bundle that registered it. A plugin bundle should also carry the
 * manifest header {@value #MANIFEST_HEADER} so that the kernel supervises it even when its
 * components fail before this service is registered.
 *
 * <p>The kernel lists with each plugin what its bundle registered: its REST routes
 * ({@code ApiResource} services), its health checks, its status lines ({@link StatusContributor})
 * and its background jobs. These links are derived from the bundle's registrations, not declared
 * here, so they cannot disagree with what the plugin really serves.
 *
 * @since 1.0.0
 */
@ConsumerType
public interface QenexPlugin {

    /** Manifest header that marks a bundle as a QENEX plugin; its value is the plugin's name. */
    String MANIFEST_HEADER = "Qenex-Plugin";

    /** A short, stable name, unique on a node. */
    String name();

    /** The plugin's version, usually its bundle version. */
    String version();

    /** One sentence on what the plugin does. */
    String description();
}
