package org.qenex.api.http;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Serves the {@link Route}s of the {@link ApiResource}s added to it: matches method and path,
 * checks the declared role, calls the route, writes its answer as JSON, and answers every error
 * with the {@link ErrorBody}. The node runs one, behind its authentication gateway, for all
 * resources registered as services; a bundle's unit tests run one over their own resource
 * (plugin-api's test jar has request and response doubles for it).
 *
 * <p>Errors: no route for the path 404 {@code not_found}; the path served for other methods 405
 * {@code method_not_allowed} with {@code Allow}; the role missing 403 {@code forbidden}; an
 * {@link ApiException} as it says; another exception as the resource's
 * {@link ApiResource#error(Exception)} maps it, else 500 {@code internal_error}, logged with the
 * request id, its message never sent.
 *
 * @since 1.1.0
 */
public final class ApiDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");
    private static final int PUBLIC_PATHS_KEPT = 1_024;

    private final ObjectMapper json = new ObjectMapper();
    private static final String HEAD = "HEAD";

    private final List<Binding> bindings = new CopyOnWriteArrayList<>();
    private final List<ApiObserver> observers = new CopyOnWriteArrayList<>();
    /**
     * {@link #isPublic}'s answers by path: the gateway asks for every request, and matching every
     * route's template cost node a's request threads about 4 % of their time under transfer load.
     * Replaced (never cleared) after each change of the routes, so an answer computed from the old
     * routes can only land in a discarded map; bounded, since paths come from clients.
     */
    private volatile Map<String, Boolean> publicByPath = new ConcurrentHashMap<>();

    /**
     * Adds {@code resource}'s routes, except those whose method and path shape another resource
     * already serves.
     *
     * @return the refused routes ({@code "GET /v1/x"}), empty when all were added
     * @throws IllegalArgumentException if a {@link Route} method is not public, takes other
     *         parameters than one {@link ApiRequest}, or declares a malformed method or path
     */
    public synchronized List<String> add(ApiResource resource) {
        List<Binding> found = new ArrayList<>();
        for (Method m : resource.getClass().getMethods()) {
            Route route = m.getAnnotation(Route.class);
            if (route != null) {
                found.add(bind(resource, m, route));
            }
        }
        List<String> refused = new ArrayList<>();
        for (Binding b : found) {
            // bindings already holds this resource's earlier routes, so it cannot clash with itself either
            boolean taken = bindings.stream().anyMatch(other -> other.method.equals(b.method)
                    && other.template.shape().equals(b.template.shape()));
            if (taken) {
                refused.add(b.method + " " + b.template.text());
            } else {
                bindings.add(b);
            }
        }
        publicByPath = new ConcurrentHashMap<>();
        return refused;
    }

    /** Removes {@code resource}'s routes. */
    public synchronized void remove(ApiResource resource) {
        bindings.removeIf(b -> b.resource == resource);
        publicByPath = new ConcurrentHashMap<>();
    }

    /**
     * Tells {@code observer} of every request answered from now on.
     *
     * @since 1.2.0
     */
    public void addObserver(ApiObserver observer) {
        observers.add(observer);
    }

    /**
     * Stops telling {@code observer}.
     *
     * @since 1.2.0
     */
    public void removeObserver(ApiObserver observer) {
        observers.remove(observer);
    }

    /** Every route served, by path then method. */
    public List<ApiRoute> routes() {
        return bindings.stream().map(Binding::describe)
                .sorted(Comparator.comparing(ApiRoute::path).thenComparing(ApiRoute::method)).toList();
    }

    /**
     * An OpenAPI 3 description of the routes served now: paths relative to the server
     * {@value ApiContext#PATH}, each operation's role ({@code x-qenex-role}), path parameters, the
     * error body's schema, and no security requirement on public routes.
     */
    public Map<String, Object> openApi(String title, String version) {
        return OpenApi.describe(title, version, bindings.stream().map(b -> new OpenApi.Operation(b.describe(),
                b.template.parameters())).toList());
    }

    /**
     * The most body bytes ({@link Route#maxBodyBytes()}) the route that answers {@code method} on
     * {@code path} (relative to {@value ApiContext#PATH}) accepts, or -1 when no route answers it: a
     * gateway in front of the dispatcher that bounds bodies lets a route's own larger limit through.
     *
     * @since 1.4.0
     */
    public int maxBodyBytes(String method, String path) {
        Binding chosen = mostSpecific(method, PathTemplate.split(normalise(path)));
        return chosen == null ? -1 : chosen.route.maxBodyBytes();
    }

    /** The route for {@code method} whose template matches {@code segments} most specifically, or null. */
    private Binding mostSpecific(String method, String[] segments) {
        Binding chosen = null;
        for (Binding b : bindings) {
            if (b.method.equals(method) && b.template.match(segments) != null
                    && (chosen == null || b.template.compareSpecificity(chosen.template) > 0)) {
                chosen = b;
            }
        }
        return chosen;
    }

    /** Whether a {@link Route#PUBLIC} route serves {@code path} (relative to {@value ApiContext#PATH}), for any method. */
    public boolean isPublic(String path) {
        Map<String, Boolean> known = publicByPath; // read before the routes: see the field
        Boolean answer = known.get(path);
        if (answer == null) {
            String[] segments = PathTemplate.split(normalise(path));
            answer = bindings.stream().anyMatch(b -> Route.PUBLIC.equals(b.route.role()) && b.template.match(segments) != null);
            if (known.size() < PUBLIC_PATHS_KEPT) {
                known.put(path, answer);
            }
        }
        return answer;
    }

    /**
     * Serves one request whose path relative to {@value ApiContext#PATH} is its servlet path plus
     * path info. Assigns the request id unless the gateway did, and keeps it in the MDC meanwhile.
     */
    public void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        String requestId = RequestIds.assign(request, response);
        boolean ownMdc = MDC.get(ApiContext.MDC_REQUEST_ID) == null;
        if (ownMdc) {
            MDC.put(ApiContext.MDC_REQUEST_ID, requestId);
        }
        String route = ApiObserver.NO_ROUTE;
        try {
            route = dispatch(request, response, requestId);
        } finally {
            try {
                observe(request.getMethod(), route, response.getStatus(), System.nanoTime() - start);
            } finally {
                if (ownMdc) {
                    MDC.remove(ApiContext.MDC_REQUEST_ID);
                }
            }
        }
    }

    private void observe(String method, String route, int status, long nanos) {
        if (observers.isEmpty()) {
            return;
        }
        // An arbitrary method must not become a label value of its own.
        String known = method != null && (METHODS.contains(method) || HEAD.equals(method)) ? method : ApiObserver.OTHER_METHOD;
        for (ApiObserver observer : observers) {
            try {
                observer.served(known, route, status, nanos);
            } catch (RuntimeException e) {
                LOG.warn("REST observer {} failed; ignored", observer.getClass().getName(), e);
            }
        }
    }

    /** Answers the request; returns the template of the route that answered, {@link ApiObserver#NO_ROUTE} if none. */
    private String dispatch(HttpServletRequest request, HttpServletResponse response, String requestId) throws IOException {
        String path = normalise((request.getServletPath() == null ? "" : request.getServletPath())
                + (request.getPathInfo() == null ? "" : request.getPathInfo()));
        String[] segments = PathTemplate.split(path);
        // HEAD is GET without the body (RFC 9110): the GET route answers, and Jetty sends no body for a HEAD
        Binding chosen = mostSpecific(HEAD.equals(request.getMethod()) ? "GET" : request.getMethod(), segments);
        if (chosen == null) {
            Set<String> allowed = new TreeSet<>();
            for (Binding b : bindings) {
                if (b.template.match(segments) != null) {
                    allowed.add(b.method);
                    if ("GET".equals(b.method)) {
                        allowed.add(HEAD);
                    }
                }
            }
            if (allowed.isEmpty()) {
                ErrorBody.write(response, 404, "not_found", "no endpoint at " + ApiContext.PATH + path, requestId);
            } else {
                response.setHeader("Allow", String.join(", ", allowed));
                ErrorBody.write(response, 405, "method_not_allowed", request.getMethod() + " is not allowed on "
                        + ApiContext.PATH + path + "; allowed: " + String.join(", ", allowed), requestId);
            }
            return ApiObserver.NO_ROUTE;
        }
        String route = chosen.template.text();
        String role = chosen.route.role();
        if (!DispatchedRequest.allowed(request, role)) {
            ErrorBody.write(response, 403, "forbidden", Route.ANY_ROLE.equals(role)
                    ? "this endpoint needs one of the roles admin, operator, viewer"
                    : "the role " + role + " is required", requestId);
            return route;
        }
        Object answer;
        try {
            answer = chosen.call(new DispatchedRequest(request, path, chosen.template.match(segments), requestId,
                    chosen.route.maxBodyBytes()));
        } catch (ApiException refusal) {
            refuse(response, refusal, requestId);
            return route;
        } catch (Exception failure) {
            ApiException mapped = chosen.resource.error(failure);
            if (mapped != null) {
                refuse(response, mapped, requestId);
                return route;
            }
            LOG.error("{} {}{} failed (request {})", request.getMethod(), ApiContext.PATH, path, requestId, failure);
            ErrorBody.write(response, 500, "internal_error",
                    "the node failed to handle this request; its log has the details under request id " + requestId,
                    requestId);
            return route;
        }
        write(response, answer);
        return route;
    }

    private static void refuse(HttpServletResponse response, ApiException refusal, String requestId) throws IOException {
        refusal.headers().forEach(response::setHeader);
        ErrorBody.write(response, refusal.status(), refusal.code(), refusal.detail(), requestId);
    }

    private void write(HttpServletResponse response, Object answer) throws IOException {
        int status = 200;
        Object body = answer;
        if (answer instanceof ApiResponse given) {
            status = given.status();
            given.headers().forEach(response::setHeader);
            body = given.body();
        } else if (answer == null) {
            status = 204;
        }
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        if (body != null) {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            json.writeValue(response.getOutputStream(), body);
        }
    }

    private static String normalise(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Binding bind(ApiResource resource, Method m, Route route) {
        String where = resource.getClass().getName() + "." + m.getName();
        String method = route.method().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException(where + ": unknown HTTP method " + route.method());
        }
        if (Modifier.isStatic(m.getModifiers())) {
            throw new IllegalArgumentException(where + ": a route is an instance method");
        }
        Class<?>[] types = m.getParameterTypes();
        if (types.length > 1 || types.length == 1 && types[0] != ApiRequest.class) {
            throw new IllegalArgumentException(where + ": a route takes one ApiRequest or nothing");
        }
        if (route.role().isBlank()) {
            throw new IllegalArgumentException(where + ": a route names its role");
        }
        try {
            PathTemplate template = new PathTemplate(route.path());
            // A public method of a class the bundle does not export: reflection must be allowed to call it.
            m.setAccessible(true);
            return new Binding(resource, m, route, method, template);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static final class Binding {
        final ApiResource resource;
        final Method handler;
        final Route route;
        final String method;
        final PathTemplate template;

        Binding(ApiResource resource, Method handler, Route route, String method, PathTemplate template) {
            this.resource = resource;
            this.handler = handler;
            this.route = route;
            this.method = method;
            this.template = template;
        }

        Object call(ApiRequest request) throws Exception {
            try {
                Object result = handler.getParameterCount() == 0 ? handler.invoke(resource) : handler.invoke(resource, request);
                return handler.getReturnType() == void.class ? null : result;
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception thrown) {
                    throw thrown;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        ApiRoute describe() {
            return new ApiRoute(method, template.text(), route.role(), route.summary(), resource.getClass().getName());
        }
    }
}
