package org.qenex.security.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;

import org.junit.Test;
import org.qenex.api.http.testing.FakeHttp;

/** An authenticated body is bounded, and its read failures become 400/413 JSON errors. */
public class LimitedBodyRequestTest {

    /** A POST whose body is {@code body}, sent chunked (no declared length). */
    private static FakeHttp post(byte[] body) {
        return FakeHttp.of("POST", "/v1/users").body("application/json", body);
    }

    private static JsonErrorResponse errors(FakeHttp http, HttpServletRequest request) {
        return new JsonErrorResponse(request, http.response());
    }

    @Test
    public void aBodyWithinTheLimitIsReadAsSentAndNothingIsAnswered() throws IOException {
        byte[] body = "{\"name\":\"café\"}".getBytes(StandardCharsets.UTF_8);
        FakeHttp http = post(body);
        LimitedBodyRequest limited = new LimitedBodyRequest(http.request(), body.length);
        assertFalse(limited.declaresTooMuch());
        assertEquals("{\"name\":\"café\"}", limited.getReader().readLine());
        assertNull(limited.failure());
        assertFalse(limited.answerFailedRead(errors(http, limited)));
        assertEquals("", http.text());
    }

    @Test
    public void aChunkedBodyOverTheLimitFailsTheReadAndIsAnswered413() throws IOException {
        FakeHttp http = post(new byte[10_000]);
        LimitedBodyRequest limited = new LimitedBodyRequest(http.request(), 100);
        assertFalse("a chunked body declares no length", limited.declaresTooMuch());
        assertThrows(BufferedBodyRequest.TooLarge.class, () -> limited.getInputStream().readAllBytes());

        assertTrue(limited.answerFailedRead(errors(http, limited)));
        assertEquals(413, http.status());
        assertEquals("close", http.header("Connection"));
        String json = http.text();
        assertTrue(json, json.contains("\"error\":\"body_too_large\""));
        assertTrue(json, json.contains("more than 100 bytes"));
    }

    @Test
    public void aDeclaredLengthOverTheLimitIsKnownBeforeReading() {
        assertTrue(new LimitedBodyRequest(post(new byte[0]).declaring(101).request(), 100).declaresTooMuch());
    }

    @Test
    public void anUnreadableBodyIsAnswered400UnreadableBody() throws IOException {
        // Jetty's answer to a broken chunked body: some bytes, then an IOException
        FakeHttp http = post(new byte[100]).failingRead(10, new IOException("bad chunk"));
        LimitedBodyRequest limited = new LimitedBodyRequest(http.request(), 65_536);
        IOException thrown = assertThrows(IOException.class, () -> limited.getInputStream().readAllBytes());
        assertEquals("bad chunk", thrown.getMessage());

        assertTrue(limited.answerFailedRead(errors(http, limited)));
        assertEquals(400, http.status());
        String json = http.text();
        assertTrue(json, json.contains("\"error\":\"unreadable_body\""));
        assertTrue(json, json.contains("\"detail\":\"the request body could not be read"));
    }

    @Test
    public void theReaderIsBoundedToo() {
        LimitedBodyRequest limited = new LimitedBodyRequest(post(new byte[10_000]).request(), 100);
        assertThrows(BufferedBodyRequest.TooLarge.class, () -> limited.getReader().read(new char[10_000]));
    }
}
