package org.qenex.security.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.Test;

/** An authenticated body is bounded, and its read failures become 400/413 JSON errors. */
public class LimitedBodyRequestTest {

    private final Map<String, Object> attributes = new HashMap<>();
    private final Map<String, String> headers = new HashMap<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private int status;

    /** A request whose body is {@code body}, declaring {@code declaredLength} (-1: chunked). */
    private HttpServletRequest request(InputStream body, long declaredLength) {
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() throws IOException {
                return body.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return body.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getInputStream" -> stream;
                    case "getContentLengthLong" -> declaredLength;
                    case "getCharacterEncoding" -> null;
                    case "getAttribute" -> attributes.get(args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getRequestURI" -> "/api/v1/users";
                    case "getMethod" -> "POST";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private JsonErrorResponse errors(HttpServletRequest request) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                written.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isCommitted" -> written.size() > 0;
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                    case "getOutputStream" -> out;
                    case "resetBuffer", "setContentType", "setCharacterEncoding", "setContentLength", "flushBuffer" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new JsonErrorResponse(request, response);
    }

    /** Jetty's answer to a broken chunked body: some bytes, then an IOException. */
    private static InputStream brokenAfter(int bytes) {
        return new InputStream() {
            private int left = bytes;

            @Override
            public int read() throws IOException {
                if (left-- > 0) {
                    return 'x';
                }
                throw new IOException("bad chunk");
            }
        };
    }

    @Test
    public void aBodyWithinTheLimitIsReadAsSentAndNothingIsAnswered() throws IOException {
        byte[] body = "{\"name\":\"café\"}".getBytes(StandardCharsets.UTF_8);
        LimitedBodyRequest limited = new LimitedBodyRequest(request(new ByteArrayInputStream(body), -1), body.length);
        assertFalse(limited.declaresTooMuch());
        assertEquals("{\"name\":\"café\"}", limited.getReader().readLine());
        assertNull(limited.failure());
        assertFalse(limited.answerFailedRead(errors(limited)));
        assertEquals(0, written.size());
    }

    @Test
    public void aChunkedBodyOverTheLimitFailsTheReadAndIsAnswered413() throws IOException {
        LimitedBodyRequest limited = new LimitedBodyRequest(request(new ByteArrayInputStream(new byte[10_000]), -1), 100);
        assertFalse("a chunked body declares no length", limited.declaresTooMuch());
        assertThrows(BufferedBodyRequest.TooLarge.class, () -> limited.getInputStream().readAllBytes());

        assertTrue(limited.answerFailedRead(errors(limited)));
        assertEquals(413, status);
        assertEquals("close", headers.get("Connection"));
        String json = written.toString(StandardCharsets.UTF_8);
        assertTrue(json, json.contains("\"error\":\"body_too_large\""));
        assertTrue(json, json.contains("more than 100 bytes"));
    }

    @Test
    public void aDeclaredLengthOverTheLimitIsKnownBeforeReading() {
        assertTrue(new LimitedBodyRequest(request(new ByteArrayInputStream(new byte[0]), 101), 100).declaresTooMuch());
    }

    @Test
    public void anUnreadableBodyIsAnswered400UnreadableBody() throws IOException {
        LimitedBodyRequest limited = new LimitedBodyRequest(request(brokenAfter(10), -1), 65_536);
        IOException thrown = assertThrows(IOException.class, () -> limited.getInputStream().readAllBytes());
        assertEquals("bad chunk", thrown.getMessage());

        assertTrue(limited.answerFailedRead(errors(limited)));
        assertEquals(400, status);
        String json = written.toString(StandardCharsets.UTF_8);
        assertTrue(json, json.contains("\"error\":\"unreadable_body\""));
        assertTrue(json, json.contains("\"detail\":\"the request body could not be read"));
    }

    @Test
    public void theReaderIsBoundedToo() {
        LimitedBodyRequest limited = new LimitedBodyRequest(request(new ByteArrayInputStream(new byte[10_000]), -1), 100);
        assertThrows(BufferedBodyRequest.TooLarge.class, () -> limited.getReader().read(new char[10_000]));
    }
}
