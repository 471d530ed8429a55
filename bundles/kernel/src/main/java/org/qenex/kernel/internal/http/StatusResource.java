package org.qenex.kernel.internal.http;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;
import org.qenex.kernel.internal.status.NodeStatus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code GET /api/v1/status}: the node, its parts, plugins and resources; role viewer. */
@Component(name = "org.qenex.kernel.http.status", service = ApiResource.class)
public final class StatusResource implements ApiResource {

    private final NodeStatus status;
    private final StatusJson json = new StatusJson(new ObjectMapper());

    @Activate
    public StatusResource(@Reference NodeStatus status) {
        this.status = status;
    }

    @Route(method = "GET", path = "/v1/status", role = ApiContext.ROLE_VIEWER,
            summary = "The node: its parts, plugins, resources and their outlook")
    public ObjectNode status() {
        return json.of(status.report());
    }
}
