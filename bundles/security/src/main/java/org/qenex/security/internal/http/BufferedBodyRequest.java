package org.qenex.security.internal.http;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

import org.qenex.api.http.BodyTooLargeException;

/**
 * A request whose body the gateway has already read into memory, so the endpoint's work (a
 * transaction waits for its durable commit) holds no public-upload permit: only the upload does.
 */
final class BufferedBodyRequest extends HttpServletRequestWrapper {

    /** The body is larger than the gateway accepts; the API's type, so that the route dispatcher answers it 413. */
    static final class TooLarge extends BodyTooLargeException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    private final byte[] body;

    private BufferedBodyRequest(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    /**
     * Reads the whole body of {@code request} (at most {@code maxBytes}) and returns a request
     * that serves it from memory.
     *
     * @throws TooLarge when the body has more than {@code maxBytes} bytes
     * @throws IOException when reading fails (the client left, or {@link BodyDeadlineRequest.TooSlow})
     */
    static BufferedBodyRequest read(HttpServletRequest request, int maxBytes) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            throw new TooLarge("the body has " + request.getContentLengthLong() + " bytes; at most " + maxBytes
                    + " are accepted");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw new TooLarge("the body has more than " + maxBytes + " bytes");
            }
            return new BufferedBodyRequest(request, body);
        }
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
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
                throw new IllegalStateException("the body is already in memory: read it directly");
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }
}
