package org.qenex.security.internal.http;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;


import org.junit.Test;
import org.qenex.api.http.testing.FakeHttp;

public class BufferedBodyRequestTest {

    @Test
    public void theBodyIsServedFromMemoryAsOftenAsTheEndpointAsks() throws IOException {
        byte[] body = "{\"amount\": 5, \"memo\": \"café\"}".getBytes(StandardCharsets.UTF_8);
        BufferedBodyRequest buffered = BufferedBodyRequest.read(FakeHttp.of("POST", "/v1/chain/transactions")
                .body("application/json", body).request(), 64);
        assertArrayEquals(body, buffered.getInputStream().readAllBytes());
        assertEquals(new String(body, StandardCharsets.UTF_8), buffered.getReader().readLine());
        assertEquals(body.length, buffered.getContentLengthLong());
    }

    @Test
    public void aBodyOverTheLimitIsRefusedAfterReadingOneByteMoreThanTheLimit() {
        FakeHttp chunked = FakeHttp.of("POST", "/v1/chain/transactions").body("application/octet-stream", new byte[10_000]);
        assertThrows(BufferedBodyRequest.TooLarge.class, () -> BufferedBodyRequest.read(chunked.request(), 100));
        assertEquals(101, chunked.bytesRead());
    }

    @Test
    public void aDeclaredLengthOverTheLimitIsRefusedWithoutReading() {
        FakeHttp declared = FakeHttp.of("POST", "/v1/chain/transactions").body("application/octet-stream", new byte[10_000])
                .declaringLength();
        assertThrows(BufferedBodyRequest.TooLarge.class, () -> BufferedBodyRequest.read(declared.request(), 100));
        assertEquals(0, declared.bytesRead());
    }
}
