package org.qenex.kernel.internal.http;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;
import org.qenex.kernel.internal.status.PluginDirectory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code GET /api/v1/plugins}: every plugin with the routes, checks, jobs and status lines its bundle registered; role viewer. */
@Component(name = "org.qenex.kernel.http.plugins", service = ApiResource.class)
public final class PluginsResource implements ApiResource {

    private final PluginDirectory plugins;
    private final StatusJson json = new StatusJson(new ObjectMapper());

    @Activate
    public PluginsResource(@Reference PluginDirectory plugins) {
        this.plugins = plugins;
    }

    @Route(method = "GET", path = "/v1/plugins", role = ApiContext.ROLE_VIEWER,
            summary = "The plugins, each with the routes, health checks, jobs and status lines its bundle registered")
    public List<ObjectNode> plugins() {
        return plugins.plugins().stream().map(json::plugin).toList();
    }
}
