package org.qenex.api.http;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class ErrorBodyTest {

    @Test
    public void escapesTheDetail() {
        assertEquals("{\"error\":\"bad_request\",\"detail\":\"a \\\"quoted\\\" \\\\ line\\nnext\\u0001\"}",
                ErrorBody.json("bad_request", "a \"quoted\" \\ line\nnext\u0001", null));
    }

    @Test
    public void carriesTheRequestIdWhenThereIsOne() {
        assertEquals("{\"error\":\"not_found\",\"detail\":\"\",\"requestId\":\"r-1\"}",
                ErrorBody.json("not_found", null, "r-1"));
    }

    @Test
    public void derivesCodesFromStatus() {
        assertEquals("unauthorized", ErrorBody.codeFor(401));
        assertEquals("forbidden", ErrorBody.codeFor(403));
        assertEquals("client_error", ErrorBody.codeFor(418));
        assertEquals("server_error", ErrorBody.codeFor(599));
    }
}
