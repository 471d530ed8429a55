package org.qenex.security.internal.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

import org.qenex.api.http.ApiContext;

/**
 * An authenticated request whose body the endpoint reads itself, streamed as before but bounded,
 * and whose read failure the gateway remembers: an IOException that escapes the endpoint (Jetty
 * throws one for a malformed chunked body, this class one past the limit) is then answered 400
 * {@code unreadable_body} or 413 {@code body_too_large} instead of a 500 or Jetty's HTML page.
 */
final class LimitedBodyRequest extends HttpServletRequestWrapper {

    private final long maxBytes;
    private ServletInputStream stream;
    private BufferedReader reader;
    private volatile IOException failure;

    LimitedBodyRequest(HttpServletRequest request, long maxBytes) {
        super(request);
        this.maxBytes = maxBytes;
    }

    /** Whether the declared length alone is over the limit (answered 413 before the endpoint runs). */
    boolean declaresTooMuch() {
        return getRequest().getContentLengthLong() > maxBytes;
    }

    /** The failure of reading the body, or null if reading it did not fail (or it was not read). */
    IOException failure() {
        return failure;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            stream = new Bounded(super.getInputStream());
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        // The wrapped request's reader would bypass the bound.
        if (reader == null) {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
        return reader;
    }

    /**
     * Answers the body's read failure, if there was one: 413 beyond the limit, else 400. True if
     * the failure was the body's (answered, or nothing left to answer on a committed response).
     */
    boolean answerFailedRead(JsonErrorResponse errors) throws IOException {
        IOException failed = failure;
        if (failed == null) {
            return false;
        }
        if (errors.isCommitted()) {
            return true;
        }
        // The rest of the body is unread (or unreadable): the connection cannot serve another request.
        errors.setHeader("Connection", "close");
        if (failed instanceof BufferedBodyRequest.TooLarge) {
            setAttribute(ApiContext.ERROR_CODE, "body_too_large");
            errors.sendError(413, failed.getMessage());
        } else {
            setAttribute(ApiContext.ERROR_CODE, "unreadable_body");
            errors.sendError(HttpServletResponse.SC_BAD_REQUEST,
                    "the request body could not be read: it ended early or its encoding is malformed");
        }
        return true;
    }

    BufferedBodyRequest.TooLarge tooLarge() {
        return new BufferedBodyRequest.TooLarge("the body has more than " + maxBytes + " bytes; at most "
                + maxBytes + " are accepted");
    }

    private final class Bounded extends ServletInputStream {
        private final ServletInputStream in;
        private long read;

        Bounded(ServletInputStream in) {
            this.in = in;
        }

        private int counted(int n) throws IOException {
            if (n > 0) {
                read += n;
                if (read > maxBytes) {
                    throw failed(tooLarge());
                }
            }
            return n;
        }

        private IOException failed(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = in.read();
            } catch (IOException e) {
                throw failed(e);
            } catch (RuntimeException e) {
                failed(new IOException(e));
                throw e;
            }
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return counted(in.read(b, off, len));
            } catch (BufferedBodyRequest.TooLarge e) {
                throw e;
            } catch (IOException e) {
                throw failed(e);
            } catch (RuntimeException e) {
                // Some containers report a malformed body unchecked (Jetty's BadMessageException).
                failed(new IOException(e));
                throw e;
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
