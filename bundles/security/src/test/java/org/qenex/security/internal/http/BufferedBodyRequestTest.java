package org.qenex.security.internal.http;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;

import org.junit.Test;

public class BufferedBodyRequestTest {

    /** A request with {@code body}, declaring {@code declaredLength} (-1: chunked); counts the bytes read. */
    private static HttpServletRequest request(byte[] body, long declaredLength, AtomicInteger bytesRead) {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() {
                int b = in.read();
                if (b >= 0) {
                    bytesRead.incrementAndGet();
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
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(BufferedBodyRequestTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getInputStream" -> stream;
                    case "getContentLengthLong" -> declaredLength;
                    case "getCharacterEncoding" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    public void theBodyIsServedFromMemoryAsOftenAsTheEndpointAsks() throws IOException {
        byte[] body = "{\"amount\": 5, \"memo\": \"café\"}".getBytes(StandardCharsets.UTF_8);
        BufferedBodyRequest buffered = BufferedBodyRequest.read(request(body, -1, new AtomicInteger()), 64);
        assertArrayEquals(body, buffered.getInputStream().readAllBytes());
        assertEquals(new String(body, StandardCharsets.UTF_8), buffered.getReader().readLine());
        assertEquals(body.length, buffered.getContentLengthLong());
    }

    @Test
    public void aBodyOverTheLimitIsRefusedAfterReadingOneByteMoreThanTheLimit() {
        AtomicInteger read = new AtomicInteger();
        assertThrows(BufferedBodyRequest.TooLarge.class, () -> BufferedBodyRequest.read(request(new byte[10_000], -1, read), 100));
        assertEquals(101, read.get());
    }

    @Test
    public void aDeclaredLengthOverTheLimitIsRefusedWithoutReading() {
        AtomicInteger read = new AtomicInteger();
        assertThrows(BufferedBodyRequest.TooLarge.class, () -> BufferedBodyRequest.read(request(new byte[10_000], 10_000, read), 100));
        assertEquals(0, read.get());
    }
}
