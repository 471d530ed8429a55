package org.qenex.jetty.errors.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.BufferUtil;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

public class JsonBadMessageHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonBadMessageHandler handler = new JsonBadMessageHandler();

    @Test
    public void aBadMessageIsAnsweredWithTheApisErrorBodyAndARequestId() throws Exception {
        HttpFields fields = new HttpFields();
        JsonNode body = body(handler.badMessageError(400, "Bad Request", fields));

        assertEquals("application/json;charset=utf-8", fields.get(HttpHeader.CONTENT_TYPE));
        assertEquals("bad_request", body.path("error").asText());
        assertEquals("the request is not well-formed HTTP (Bad Request)", body.path("detail").asText());
        String id = body.path("requestId").asText();
        assertTrue(id, id.matches("[0-9a-f]{16}"));
        assertEquals("the header names the same id as the body", id, fields.get("X-Request-Id"));
        assertFalse("a new id each time", id.equals(body(handler.badMessageError(400, null, new HttpFields()))
                .path("requestId").asText()));
    }

    @Test
    public void oversizedRequestsSayWhichPartWasTooLarge() throws Exception {
        JsonNode headers = body(handler.badMessageError(431, null, new HttpFields()));
        assertEquals("headers_too_large", headers.path("error").asText());
        assertEquals("the request headers are larger than the node reads", headers.path("detail").asText());

        JsonNode uri = body(handler.badMessageError(414, null, new HttpFields()));
        assertEquals("uri_too_long", uri.path("error").asText());

        JsonNode version = body(handler.badMessageError(505, "Unknown Version", new HttpFields()));
        assertEquals("http_version_not_supported", version.path("error").asText());
        assertEquals("the request is not well-formed HTTP (Unknown Version)", version.path("detail").asText());
    }

    @Test
    public void jettysReasonIsEscapedAndBounded() throws Exception {
        String hostile = "\"}<script>\u0000" + "x".repeat(5_000);
        HttpFields fields = new HttpFields();
        String text = StandardCharsets.UTF_8.decode(handler.badMessageError(400, hostile, fields)).toString();

        JsonNode body = JSON.readTree(text);
        String detail = body.path("detail").asText();
        assertTrue(detail, detail.startsWith("the request is not well-formed HTTP (\"}<script>\u0000xxx"));
        assertTrue("bounded: " + detail.length(), detail.length() < 300);
        assertEquals("one JSON object, nothing after it", 3, body.size());
    }

    @Test
    public void aStatusWithoutABodyGetsNone() {
        HttpFields fields = new HttpFields();
        assertEquals(0, BufferUtil.length(handler.badMessageError(204, null, fields)));
        assertFalse(fields.containsKey("X-Request-Id"));
    }

    @Test
    public void noStackTracesOrServletNamesInJettysOtherPages() {
        assertFalse(handler.isShowStacks());
        assertFalse(handler.isShowServlet());
    }

    private static JsonNode body(ByteBuffer buffer) throws Exception {
        return JSON.readTree(StandardCharsets.UTF_8.decode(buffer).toString());
    }
}
