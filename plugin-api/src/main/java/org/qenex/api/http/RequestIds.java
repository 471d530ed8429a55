package org.qenex.api.http;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Request ids: a client's {@value ApiContext#REQUEST_ID_HEADER} is kept when it is 1 to 64 of
 * {@code A-Z a-z 0-9 . _ -} (so it can be logged and echoed safely), otherwise the node makes one.
 *
 * @since 1.1.0
 */
public final class RequestIds {

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() {
    }

    /**
     * The client's id when well formed, else a new one (16 hex digits). A new id is 64 random bits of
     * the calling thread's own generator: an id ties log lines and answers together and is no secret
     * (a client may choose its own), and one generator shared by every request thread, as a
     * {@code SecureRandom} is, had them wait on its lock under load.
     */
    public static String accept(String fromClient) {
        if (fromClient != null && WELL_FORMED.matcher(fromClient).matches()) {
            return fromClient;
        }
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /**
     * The id of {@code request}: the one already assigned (request attribute
     * {@value ApiContext#REQUEST_ID}), else a new one accepted from its header, stored in the
     * attribute and sent in the response's header.
     */
    public static String assign(HttpServletRequest request, HttpServletResponse response) {
        Object known = request.getAttribute(ApiContext.REQUEST_ID);
        if (known instanceof String id) {
            return id;
        }
        String id = accept(request.getHeader(ApiContext.REQUEST_ID_HEADER));
        request.setAttribute(ApiContext.REQUEST_ID, id);
        response.setHeader(ApiContext.REQUEST_ID_HEADER, id);
        return id;
    }
}
