package org.qenex.monitoring.internal.events;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.AsyncContext;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.qenex.api.http.ApiContext;

/**
 * {@code GET /api/v1/events}: the node's events as server-sent events (see docs/monitoring.md,
 * "Events"). A plain async servlet in the REST API's context, like {@code /api/v1/metrics}: the
 * gateway identifies the caller (viewer login or token) before it is reached, and the REST kit,
 * which answers one JSON document per request, cannot stream.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern(EventsServlet.PATTERN)
@HttpWhiteboardServletName("org.qenex.monitoring.events")
@HttpWhiteboardServletAsyncSupported
public final class EventsServlet extends HttpServlet {

    static final String PATTERN = "/v1/events";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    static final String LAST_EVENT_ID_PARAMETER = "lastEventId";
    static final String TYPES_PARAMETER = "types";

    private static final long serialVersionUID = 1L;

    private final transient LiveEvents events;
    private final AtomicLong connections = new AtomicLong();

    @Activate
    public EventsServlet(@Reference LiveEvents events) {
        this.events = events;
    }

    /**
     * The stream's headers and no stream: the servlet API's HEAD runs {@link #doGet} with the body
     * discarded, which for an event stream never ends.
     */
    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.isUserInRole(ApiContext.ROLE_VIEWER)) {
            refuse(request, response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "events need the role viewer");
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.isUserInRole(ApiContext.ROLE_VIEWER)) {
            refuse(request, response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "events need the role viewer");
            return;
        }
        Set<String> types;
        Long lastEventId;
        try {
            types = types(request.getParameter(TYPES_PARAMETER));
            lastEventId = lastEventId(request);
        } catch (IllegalArgumentException e) {
            refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, "bad_request", e.getMessage());
            return;
        }
        EventHub hub = events.hub();
        if (hub.clientCount() >= hub.maxClients()) {
            response.setHeader("Retry-After", "5");
            refuse(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "busy",
                    "the node serves as many event streams as it allows; retry later");
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        // A reverse proxy (nginx) would otherwise hold events back in its buffer.
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the stream lasts until the client leaves; keepalives hold the connection
        ServletSink sink = new ServletSink(async, response.getOutputStream(), hub);
        String name = "#" + connections.incrementAndGet() + " (" + request.getRemoteUser() + "@"
                + request.getRemoteAddr() + ")";
        EventClient client = new EventClient(hub, sink, types, events.writer(), name);
        if (events.subscribe(client, lastEventId) == null) {
            async.complete(); // lost a race for the last place: the client reconnects later
            return;
        }
        sink.attach(client);
    }

    /** {@code ?types=block,incident}: the types to send (empty: all). */
    static Set<String> types(String parameter) {
        if (parameter == null || parameter.isBlank()) {
            return Set.of();
        }
        Set<String> types = new LinkedHashSet<>();
        for (String type : parameter.split(",")) {
            String name = type.strip();
            if (!EventTypes.NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown event type '" + name + "'; the types are "
                        + String.join(", ", new TreeSet<>(EventTypes.NAMES)));
            }
            types.add(name);
        }
        return types;
    }

    /** The {@code Last-Event-ID} header (what a browser's EventSource sends), else {@code ?lastEventId=}. */
    static Long lastEventId(HttpServletRequest request) {
        String value = request.getHeader(LAST_EVENT_ID);
        if (value == null || value.isBlank()) {
            value = request.getParameter(LAST_EVENT_ID_PARAMETER);
        }
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Last-Event-ID must be an event id (a whole number), not '"
                    + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String code,
            String detail) throws IOException {
        request.setAttribute(ApiContext.ERROR_CODE, code);
        response.sendError(status, detail);
    }
}
