package org.qenex.kernel.internal.status;

import java.util.List;

/**
 * A registered {@link org.qenex.api.plugin.QenexPlugin}, the state of its bundle, and what that
 * bundle registered: derived from its services, so the links cannot claim what the plugin does not serve.
 *
 * @param name the plugin's name
 * @param version its version
 * @param description what it does
 * @param bundleId the bundle that registered it
 * @param bundleState that bundle's state, for example {@code ACTIVE}
 * @param routes the REST routes its {@code ApiResource}s declare, e.g. {@code GET /api/v1/hello/greetings/{name}}
 * @param healthChecks its health checks, by part name
 * @param jobs its background jobs that have not ended
 * @param statusContributors how many {@link org.qenex.api.plugin.StatusContributor}s it registered
 */
public record PluginView(String name, String version, String description, long bundleId, String bundleState,
        List<String> routes, List<CheckLink> healthChecks, List<JobLink> jobs, int statusContributors) {

    /** A health check of the plugin: its part name ({@code health:<name>}) and whether it is critical. */
    public record CheckLink(String part, boolean critical) {
    }

    /** A background job of the plugin. */
    public record JobLink(String name, String priority, String state, long runs) {
    }
}
