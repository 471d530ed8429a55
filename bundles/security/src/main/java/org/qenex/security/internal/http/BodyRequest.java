package org.qenex.security.internal.http;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

import org.qenex.api.http.ApiContext;
import org.qenex.api.http.BodyTooLargeException;
import org.qenex.api.http.RequestBodies;

/**
 * The gateway's one wrapper of a request body: bounded in size, optionally bounded in time, and
 * optionally read whole into memory. It remembers the first failure of reading the body, so that
 * an IOException escaping the endpoint (Jetty throws one for a malformed chunked body, this class
 * one past the limit or the deadline) is answered 413, 408 or 400 as JSON instead of a 500.
 *
 * <ul>
 * <li>Size: more than {@code maxBytes} bytes fails the read with {@link TooLarge} (the API's type,
 * so the route dispatcher answers 413 too); a declared length over it is refused before reading.</li>
 * <li>Time: Jetty's idle timeout only bounds the pause between two packets, so a client sending a
 * byte every few seconds could hold a thread for ever; a deadline bounds the whole upload, and a
 * read after it fails with {@link TooSlow}.</li>
 * <li>Buffered ({@link #buffer()}): an anonymous upload is read whole while it holds its upload
 * permit, so the endpoint's own work (a transfer waits for its durable commit) holds none.</li>
 * </ul>
 */
final class BodyRequest extends HttpServletRequestWrapper {

    /** The body is larger than the gateway accepts. */
    static final class TooLarge extends BodyTooLargeException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    /** The client did not send its body in time. */
    static final class TooSlow extends InterruptedIOException {
        private static final long serialVersionUID = 1L;

        TooSlow(String message) {
            super(message);
        }
    }

    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final long maxBytes;
    private final long deadlineNanos;
    private final LongSupplier nanoTime;
    /** The whole body once {@link #buffer() buffered}; null while it is streamed from the client. */
    private final byte[] body;
    private ServletInputStream stream;
    private BufferedReader reader;
    private volatile IOException failure;

    /** A streamed body of at most {@code maxBytes}, without a deadline. */
    BodyRequest(HttpServletRequest request, long maxBytes) {
        this(request, maxBytes, NO_DEADLINE, System::nanoTime, null);
    }

    /** A streamed body of at most {@code maxBytes} that must have arrived by {@code deadlineNanos} ({@code nanoTime}'s clock). */
    BodyRequest(HttpServletRequest request, long maxBytes, long deadlineNanos, LongSupplier nanoTime) {
        this(request, maxBytes, deadlineNanos, nanoTime, null);
    }

    private BodyRequest(HttpServletRequest request, long maxBytes, long deadlineNanos, LongSupplier nanoTime,
            byte[] body) {
        super(request);
        this.maxBytes = maxBytes;
        this.deadlineNanos = deadlineNanos;
        this.nanoTime = nanoTime;
        this.body = body;
    }

    /**
     * Reads the whole body now and returns a request that serves it from memory, as often as the
     * endpoint asks.
     *
     * @throws TooLarge past the limit (declared, or after reading one byte more than it)
     * @throws TooSlow past the deadline
     * @throws IOException when reading fails otherwise (the client left, Jetty's idle timeout)
     */
    BodyRequest buffer() throws IOException {
        if (declaresTooMuch()) {
            throw tooLarge();
        }
        try (InputStream in = getInputStream()) {
            byte[] whole = RequestBodies.read(in, getRequest().getContentLengthLong(), (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            return new BodyRequest((HttpServletRequest) getRequest(), maxBytes, NO_DEADLINE, nanoTime, whole);
        }
    }

    /** Whether the declared length alone is over the limit (answered 413 before the endpoint runs). */
    boolean declaresTooMuch() {
        return body == null && getRequest().getContentLengthLong() > maxBytes;
    }

    /** The failure of reading the body, or null if reading it did not fail (or it was not read). */
    IOException failure() {
        return failure;
    }

    TooLarge tooLarge() {
        return new TooLarge("the body has more than " + maxBytes + " bytes; at most " + maxBytes + " are accepted");
    }

    /**
     * Answers the body's read failure, if there was one: 413 beyond the limit, 408 past the
     * deadline, else 400. True if the failure was the body's (answered, or nothing left to answer
     * on a committed response).
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
        if (failed instanceof TooLarge) {
            setAttribute(ApiContext.ERROR_CODE, "body_too_large");
            errors.sendError(413, failed.getMessage());
        } else if (failed instanceof TooSlow) {
            errors.sendError(408, failed.getMessage());
        } else {
            setAttribute(ApiContext.ERROR_CODE, "unreadable_body");
            errors.sendError(HttpServletResponse.SC_BAD_REQUEST,
                    "the request body could not be read: it ended early or its encoding is malformed");
        }
        return true;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (body != null) {
            return new InMemory(new ByteArrayInputStream(body));
        }
        if (stream == null) {
            stream = new Guarded(super.getInputStream());
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        if (body != null) {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }
        // The wrapped request's reader would bypass the bounds.
        if (reader == null) {
            reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
        return reader;
    }

    @Override
    public int getContentLength() {
        return body == null ? super.getContentLength() : body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body == null ? super.getContentLengthLong() : body.length;
    }

    /** The client's body, counted against the limit and checked against the deadline on every read. */
    private final class Guarded extends ServletInputStream {
        private final ServletInputStream in;
        private long read;

        Guarded(ServletInputStream in) {
            this.in = in;
        }

        private void checkDeadline() throws TooSlow {
            if (deadlineNanos != NO_DEADLINE && nanoTime.getAsLong() - deadlineNanos > 0) {
                throw failed(new TooSlow("the request body did not arrive in time"));
            }
        }

        private int counted(int n) throws TooLarge {
            if (n > 0) {
                read += n;
                if (read > maxBytes) {
                    throw failed(tooLarge());
                }
            }
            return n;
        }

        private <E extends IOException> E failed(E e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }

        @Override
        public int read() throws IOException {
            checkDeadline();
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
            checkDeadline();
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                throw failed(e);
            } catch (RuntimeException e) {
                // Some containers report a malformed body unchecked (Jetty's BadMessageException).
                failed(new IOException(e));
                throw e;
            }
            return counted(n);
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

    /** A buffered body: read synchronously from memory. */
    private static final class InMemory extends ServletInputStream {
        private final ByteArrayInputStream in;

        InMemory(ByteArrayInputStream in) {
            this.in = in;
        }

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
    }
}
