package org.qenex.security.internal.http;

import java.io.IOException;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.ApiObserver;
import org.qenex.api.http.ApiResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API's one servlet ({@code /api/v1/*}): serves the routes of every {@link ApiResource}
 * service, whichever bundle registered it, through an {@link ApiDispatcher}, behind the
 * {@link ApiGatewayFilter}, which asks it which paths are public. A plain servlet with a more
 * specific pattern still takes its own paths.
 */
@Component(service = {Servlet.class, ApiRouter.class})
@HttpWhiteboardServletName("org.qenex.api.routes")
@HttpWhiteboardServletPattern("/v1/*")
@HttpWhiteboardContextSelect(ApiContext.SELECT)
public final class ApiRouter extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);

    private final transient ApiDispatcher dispatcher = new ApiDispatcher();

    public ApiRouter() {
        dispatcher.add(new OpenApiResource(this::openApi));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addResource(ApiResource resource) {
        try {
            List<String> refused = dispatcher.add(resource);
            if (!refused.isEmpty()) {
                LOG.warn("{} was refused the routes {}: another resource serves them", resource.getClass().getName(), refused);
            }
        } catch (IllegalArgumentException e) {
            LOG.error("{} declares a malformed route; none of its routes is served: {}", resource.getClass().getName(),
                    e.getMessage());
        }
    }

    void removeResource(ApiResource resource) {
        dispatcher.remove(resource);
    }

    /** Observers (the monitoring bundle's REST metrics) hear of every request the dispatcher answers. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addObserver(ApiObserver observer) {
        dispatcher.addObserver(observer);
    }

    void removeObserver(ApiObserver observer) {
        dispatcher.removeObserver(observer);
    }

    /** The body limit of the route answering {@code method} on {@code path}, -1 if none does. */
    int maxBodyBytes(String method, String path) {
        return dispatcher.maxBodyBytes(method, path);
    }

    /** Whether a public route serves {@code path} (relative to {@value ApiContext#PATH}). */
    boolean isPublic(String path) {
        return dispatcher.isPublic(path);
    }

    /** The OpenAPI description of the routes served now. */
    Object openApi() {
        String version = FrameworkUtil.getBundle(ApiContext.class) == null ? "unknown"
                : FrameworkUtil.getBundle(ApiContext.class).getVersion().toString();
        return dispatcher.openApi("QENEX node API", version);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        dispatcher.service(req, resp);
    }
}
