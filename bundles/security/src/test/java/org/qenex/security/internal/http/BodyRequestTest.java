package org.qenex.security.internal.http;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.http.HttpServletRequest;

import org.junit.Test;
import org.qenex.api.http.testing.FakeHttp;

/** A body is bounded in size and time, buffered when asked, and its read failures become 400/408/413 JSON errors. */
public class BodyRequestTest {

    /** A POST whose body is {@code body}, sent chunked (no declared length). */
    private static FakeHttp post(byte[] body) {
        return FakeHttp.of("POST", "/v1/users").body("application/json", body);
    }

    private static JsonErrorResponse errors(FakeHttp http, HttpServletRequest request) {
        return new JsonErrorResponse(request, http.response());
    }

    // Streamed (an authenticated caller's body)

    @Test
    public void aBodyWithinTheLimitIsReadAsSentAndNothingIsAnswered() throws IOException {
        byte[] body = "{\"name\":\"café\"}".getBytes(StandardCharsets.UTF_8);
        FakeHttp http = post(body);
        BodyRequest limited = new BodyRequest(http.request(), body.length);
        assertFalse(limited.declaresTooMuch());
        assertEquals("{\"name\":\"café\"}", limited.getReader().readLine());
        assertNull(limited.failure());
        assertFalse(limited.answerFailedRead(errors(http, limited)));
        assertEquals("", http.text());
    }

    @Test
    public void aChunkedBodyOverTheLimitFailsTheReadAndIsAnswered413() throws IOException {
        FakeHttp http = post(new byte[10_000]);
        BodyRequest limited = new BodyRequest(http.request(), 100);
        assertFalse("a chunked body declares no length", limited.declaresTooMuch());
        assertThrows(BodyRequest.TooLarge.class, () -> limited.getInputStream().readAllBytes());

        assertTrue(limited.answerFailedRead(errors(http, limited)));
        assertEquals(413, http.status());
        assertEquals("close", http.header("Connection"));
        String json = http.text();
        assertTrue(json, json.contains("\"error\":\"body_too_large\""));
        assertTrue(json, json.contains("more than 100 bytes"));
    }

    @Test
    public void aDeclaredLengthOverTheLimitIsKnownBeforeReading() {
        assertTrue(new BodyRequest(post(new byte[0]).declaring(101).request(), 100).declaresTooMuch());
    }

    @Test
    public void anUnreadableBodyIsAnswered400UnreadableBody() throws IOException {
        // Jetty's answer to a broken chunked body: some bytes, then an IOException
        FakeHttp http = post(new byte[100]).failingRead(10, new IOException("bad chunk"));
        BodyRequest limited = new BodyRequest(http.request(), 65_536);
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
        BodyRequest limited = new BodyRequest(post(new byte[10_000]).request(), 100);
        assertThrows(BodyRequest.TooLarge.class, () -> limited.getReader().read(new char[10_000]));
    }

    // With a deadline (an anonymous upload)

    @Test
    public void aReadAfterTheDeadlineFailsAndIsAnswered408() throws IOException {
        AtomicLong now = new AtomicLong(1_000);
        FakeHttp http = post(new byte[100]);
        BodyRequest slow = new BodyRequest(http.request(), 1_000, 2_000, now::get);
        byte[] first = new byte[10];
        assertEquals("before the deadline the body reads as sent", 10, slow.getInputStream().read(first));
        now.set(2_001);
        assertThrows(BodyRequest.TooSlow.class, () -> slow.getInputStream().read(first));
        assertThrows("single bytes too", BodyRequest.TooSlow.class, () -> slow.getInputStream().read());
        assertEquals("nothing more was taken from the client", 10, http.bytesRead());

        assertTrue(slow.answerFailedRead(errors(http, slow)));
        assertEquals(408, http.status());
        assertTrue(http.text(), http.text().contains("did not arrive in time"));
    }

    @Test
    public void aBodyPastTheDeadlineIsNotBuffered() {
        AtomicLong now = new AtomicLong(5_000);
        BodyRequest late = new BodyRequest(post(new byte[100]).request(), 1_000, 4_000, now::get);
        assertThrows(BodyRequest.TooSlow.class, late::buffer);
    }

    // Buffered (read whole while the upload permit is held)

    @Test
    public void theBodyIsServedFromMemoryAsOftenAsTheEndpointAsks() throws IOException {
        byte[] body = "{\"amount\": 5, \"memo\": \"café\"}".getBytes(StandardCharsets.UTF_8);
        BodyRequest buffered = new BodyRequest(FakeHttp.of("POST", "/v1/chain/transactions")
                .body("application/json", body).request(), 64).buffer();
        assertArrayEquals(body, buffered.getInputStream().readAllBytes());
        assertEquals(new String(body, StandardCharsets.UTF_8), buffered.getReader().readLine());
        assertArrayEquals("again", body, buffered.getInputStream().readAllBytes());
        assertEquals(body.length, buffered.getContentLengthLong());
    }

    @Test
    public void aBodyOverTheLimitIsRefusedAfterReadingOneByteMoreThanTheLimit() {
        FakeHttp chunked = FakeHttp.of("POST", "/v1/chain/transactions").body("application/octet-stream", new byte[10_000]);
        assertThrows(BodyRequest.TooLarge.class, () -> new BodyRequest(chunked.request(), 100).buffer());
        assertEquals(101, chunked.bytesRead());
    }

    @Test
    public void aDeclaredLengthOverTheLimitIsRefusedWithoutReading() {
        FakeHttp declared = FakeHttp.of("POST", "/v1/chain/transactions").body("application/octet-stream", new byte[10_000])
                .declaringLength();
        assertThrows(BodyRequest.TooLarge.class, () -> new BodyRequest(declared.request(), 100).buffer());
        assertEquals(0, declared.bytesRead());
    }
}
