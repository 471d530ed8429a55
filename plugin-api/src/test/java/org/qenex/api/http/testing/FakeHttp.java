package org.qenex.api.http.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.servlet.ReadListener;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One request to the REST API and its response, as dynamic proxies of the servlet API: just what
 * the {@link ApiDispatcher} and the gateway's wrappers call. Shipped in plugin-api's test jar so
 * that every bundle and plugin tests its endpoints the same way:
 *
 * <pre>
 * FakeHttp call = FakeHttp.get("/v1/hello").as("alice", ApiContext.ROLE_VIEWER).sendTo(dispatcher);
 * assertEquals(200, call.status());
 * </pre>
 */
public final class FakeHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String method;
    private final String path;
    private String user;
    private Set<String> roles = Set.of();
    private String contentType;
    private byte[] content = new byte[0];
    private long declaredLength = -1;
    private String remoteAddress = "127.0.0.1";
    private IOException readFailure;
    private int failAfter;
    private int bytesRead;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, String> query = new HashMap<>();
    private final Map<String, Object> attributes = new HashMap<>();

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final Map<String, String> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private int status = 200;
    private String sentError;

    private FakeHttp(String method, String path) {
        this.method = method;
        this.path = path;
    }

    /** A request with {@code method} to {@code path}, relative to {@value ApiContext#PATH} ({@code /v1/...}). */
    public static FakeHttp of(String method, String path) {
        return new FakeHttp(method, path);
    }

    public static FakeHttp get(String path) {
        return of("GET", path);
    }

    /** A POST with a JSON body. */
    public static FakeHttp post(String path, String json) {
        return of("POST", path).body("application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** A PUT with a JSON body. */
    public static FakeHttp put(String path, String json) {
        return of("PUT", path).body("application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Sent by {@code user}, authenticated by the gateway with {@code roles}. */
    public FakeHttp as(String user, String... roles) {
        this.user = user;
        this.roles = Set.of(roles);
        return this;
    }

    /** The body and its media type; the length is declared only if {@link #declaringLength()} is called. */
    public FakeHttp body(String contentType, byte[] content) {
        this.contentType = contentType;
        this.content = content.clone();
        return this;
    }

    /** Declares the body's length in {@code Content-Length}, as most clients do. */
    public FakeHttp declaringLength() {
        this.declaredLength = content.length;
        return this;
    }

    public FakeHttp header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public FakeHttp query(String name, String value) {
        query.put(name, value);
        return this;
    }

    public FakeHttp from(String address) {
        this.remoteAddress = address;
        return this;
    }

    /** Declares {@code length} in {@code Content-Length}, whatever the body is; -1 for a chunked body. */
    public FakeHttp declaring(long length) {
        this.declaredLength = length;
        return this;
    }

    /** Reading the body throws {@code failure}, as Jetty does for a cut or malformed chunked body. */
    public FakeHttp failingRead(IOException failure) {
        return failingRead(0, failure);
    }

    /** Reading the body serves {@code bytes} of it, then throws {@code failure}. */
    public FakeHttp failingRead(int bytes, IOException failure) {
        this.failAfter = bytes;
        this.readFailure = failure;
        return this;
    }

    /** How many bytes of the body the endpoint read. */
    public int bytesRead() {
        return bytesRead;
    }

    /** Serves this request with {@code dispatcher}. */
    public FakeHttp sendTo(ApiDispatcher dispatcher) {
        try {
            dispatcher.service(request(), response());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Serves this request with a plain servlet. */
    public FakeHttp sendTo(HttpServlet servlet) throws ServletException, IOException {
        servlet.service(request(), response());
        return this;
    }

    public int status() {
        return status;
    }

    /** The response body as text. */
    public String text() {
        return body.toString(StandardCharsets.UTF_8);
    }

    /** The response body as JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(body.toByteArray());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text(), e);
        }
    }

    /** A response header, or null. */
    public String header(String name) {
        return responseHeaders.get(name);
    }

    /** The error code: the body's {@code error}, or what a plain servlet set before {@code sendError}. */
    public String errorCode() {
        if (sentError != null) {
            return (String) attributes.get(ApiContext.ERROR_CODE);
        }
        return json().path("error").asText(null);
    }

    /** The error's words: the body's {@code detail}, or what a plain servlet passed to {@code sendError}. */
    public String errorDetail() {
        return sentError != null ? sentError : json().path("detail").asText(null);
    }

    /** A request attribute the endpoint or dispatcher set. */
    public Object attribute(String name) {
        return attributes.get(name);
    }

    /** The request, a proxy answering what endpoints and the dispatcher ask. */
    public HttpServletRequest request() {
        ByteArrayInputStream in = new ByteArrayInputStream(content);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() throws IOException {
                if (readFailure != null && bytesRead >= failAfter) {
                    throw readFailure;
                }
                int b = in.read();
                if (b >= 0) {
                    bytesRead++;
                }
                return b;
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        };
        int slash = path.indexOf('/', 1);
        String servletPath = slash < 0 ? path : path.substring(0, slash);
        String pathInfo = slash < 0 ? null : path.substring(slash);
        return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getContextPath" -> ApiContext.PATH;
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    case "getRequestURI" -> ApiContext.PATH + path;
                    case "getRemoteUser" -> user;
                    case "isUserInRole" -> roles.contains((String) args[0]);
                    case "getContentType" -> contentType;
                    case "getInputStream" -> stream;
                    case "getContentLengthLong" -> declaredLength;
                    case "getContentLength" -> (int) declaredLength;
                    case "getRemoteAddr" -> remoteAddress;
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getParameter" -> query.get((String) args[0]);
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "getCharacterEncoding" -> "UTF-8";
                    case "toString" -> method + " " + path;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    /** The response, a proxy recording status, headers and body. */
    public HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "getStatus" -> status;
                    case "sendError" -> {
                        status = (Integer) args[0];
                        sentError = args.length > 1 && args[1] != null ? (String) args[1] : "";
                        yield null;
                    }
                    case "setHeader", "addHeader" -> {
                        responseHeaders.put((String) args[0], (String) args[1]);
                        yield null;
                    }
                    case "setContentType" -> {
                        responseHeaders.put("Content-Type", (String) args[0]);
                        yield null;
                    }
                    case "getHeader" -> responseHeaders.get((String) args[0]);
                    case "getOutputStream" -> out;
                    case "getWriter" -> new PrintWriter(out, true, StandardCharsets.UTF_8);
                    case "resetBuffer", "reset" -> {
                        body.reset();
                        yield null;
                    }
                    case "isCommitted" -> false;
                    case "toString" -> "response " + status;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "containsHeader" -> responseHeaders.containsKey((String) args[0]);
                    default -> null;
                });
    }
}
