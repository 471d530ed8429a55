package org.qenex.security.internal.http;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;
import org.qenex.api.http.ApiContext;

/**
 * The whiteboard context every REST endpoint of the node is registered in ({@code /api}).
 * Authentication and error bodies are the {@link ApiGatewayFilter}'s job.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = ApiContext.NAME, path = ApiContext.PATH)
public final class ApiServletContext extends ServletContextHelper {
}
