package org.qenex.chain.internal.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Just enough of a servlet request and response, as dynamic proxies, to call servlets in unit tests. */
final class FakeHttp {

    final Map<String, Object> attributes = new HashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    int status = 200;
    String error;
    /** When set, reading the request body throws it, as Jetty does for a cut or malformed chunked body. */
    IOException readFailure;

    HttpServletRequest request(String method, String pathInfo, Set<String> roles, String contentType, byte[] content) {
        ByteArrayInputStream in = new ByteArrayInputStream(content == null ? new byte[0] : content);
        ServletInputStream stream = new ServletInputStream() {
            public int read() throws IOException {
                if (readFailure != null) {
                    throw readFailure;
                }
                return in.read();
            }

            public boolean isFinished() {
                return in.available() == 0;
            }

            public boolean isReady() {
                return true;
            }

            public void setReadListener(ReadListener listener) {
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "isUserInRole" -> roles.contains((String) args[0]);
                    case "getContentType" -> contentType;
                    case "getInputStream" -> stream;
                    case "getContentLengthLong" -> -1L;
                    case "getRemoteAddr" -> "127.0.0.1";
                    case "getParameter" -> null;
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> null;
                });
    }

    HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            public void write(int b) {
                body.write(b);
            }

            public boolean isReady() {
                return true;
            }

            public void setWriteListener(WriteListener listener) {
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "sendError" -> {
                        status = (Integer) args[0];
                        error = args.length > 1 ? (String) args[1] : "";
                        yield null;
                    }
                    case "getOutputStream" -> out;
                    default -> null;
                });
    }

    String text() {
        return body.toString(StandardCharsets.UTF_8);
    }
}
