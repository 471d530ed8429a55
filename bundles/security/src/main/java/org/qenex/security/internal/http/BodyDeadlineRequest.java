package org.qenex.security.internal.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.function.LongSupplier;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body must arrive before a deadline. Jetty's idle timeout only bounds the
 * pause between two packets, so a client sending a byte every few seconds could hold a thread
 * for ever; this bounds the whole upload. A read after the deadline throws {@link TooSlow}.
 */
final class BodyDeadlineRequest extends HttpServletRequestWrapper {

    /** The client did not send its body in time. */
    static final class TooSlow extends InterruptedIOException {
        private static final long serialVersionUID = 1L;

        TooSlow(String message) {
            super(message);
        }
    }

    private final long deadlineNanos;
    private final LongSupplier nanoTime;
    private ServletInputStream stream;

    BodyDeadlineRequest(HttpServletRequest request, long deadlineNanos, LongSupplier nanoTime) {
        super(request);
        this.deadlineNanos = deadlineNanos;
        this.nanoTime = nanoTime;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            stream = new Guarded(super.getInputStream());
        }
        return stream;
    }

    private final class Guarded extends ServletInputStream {
        private final ServletInputStream in;

        Guarded(ServletInputStream in) {
            this.in = in;
        }

        private void check() throws TooSlow {
            if (nanoTime.getAsLong() - deadlineNanos > 0) {
                throw new TooSlow("the request body did not arrive in time");
            }
        }

        @Override
        public int read() throws IOException {
            check();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return in.read(b, off, len);
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
