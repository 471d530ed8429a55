package org.qenex.monitoring.internal.events;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import javax.servlet.AsyncContext;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;

import org.junit.Test;

/** The stream's output: nothing is written in the container's blocking mode, before the write listener is set. */
public class ServletSinkTest {

    /** Jetty's rule: setWriteListener throws once the output was written in blocking mode. */
    private static final class JettyLikeOutput extends ServletOutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        WriteListener listener;

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {
            if (written.size() > 0) {
                throw new IllegalStateException("!OPEN: written in blocking mode before the listener");
            }
            listener = writeListener;
        }

        @Override
        public void write(int b) {
            written.write(b);
        }
    }

    @Test
    public void aClientSubscribedBeforeItsSinkIsAttachedGetsItsFirstLinesOnlyAfterTheListenerIsSet() throws Exception {
        // the writer runs at once, on the caller's thread: the race's worst order, every time
        EventHub hub = new EventHub(10, 10, 15_000, 5, System::currentTimeMillis, Runnable::run);
        JettyLikeOutput out = new JettyLikeOutput();
        AsyncContext async = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AsyncContext.class}, (p, m, a) -> null);
        ServletSink sink = new ServletSink(async, out, hub);
        EventClient client = new EventClient(hub, sink, Set.of(), Runnable::run, "test");

        assertNotNull(hub.subscribe(client, null));
        assertFalse("not ready before the listener is set", sink.isReady());
        assertEquals("nothing written in blocking mode", 0, out.written.size());

        sink.attach(client);
        assertNotNull(out.listener);
        assertEquals(": connected\n\n", out.written.toString(StandardCharsets.US_ASCII));
        assertFalse(client.closed());
    }
}
