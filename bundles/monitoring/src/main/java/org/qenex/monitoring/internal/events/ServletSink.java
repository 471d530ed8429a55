package org.qenex.monitoring.internal.events;

import java.io.IOException;

import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's connection: the servlet container's non-blocking output (Servlet 3.1), so a client that
 * reads slowly holds no thread; the container calls back when it can take more, and tells when the
 * request ends (client gone, error, server stopping).
 */
final class ServletSink implements EventSink, WriteListener, AsyncListener {

    private static final Logger LOG = LoggerFactory.getLogger(ServletSink.class);

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final EventHub hub;
    private volatile EventClient client;
    // Set once the container took the write listener: before that the output is in blocking mode,
    // and a write the hub's writer started then would make setWriteListener throw.
    private volatile boolean listening;

    ServletSink(AsyncContext async, ServletOutputStream out, EventHub hub) {
        this.async = async;
        this.out = out;
        this.hub = hub;
    }

    /**
     * Starts the non-blocking output for {@code client}, which may have been subscribed already:
     * nothing is written before this ({@link #isReady()} says no), and what was queued meanwhile is
     * written now.
     */
    void attach(EventClient client) {
        this.client = client;
        async.addListener(this);
        out.setWriteListener(this);
        listening = true;
        client.wake();
    }

    @Override
    public boolean isReady() {
        return listening && out.isReady();
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyOver) {
            // the container ended the request first (client gone): nothing left to close
            LOG.trace("Event stream {} already complete", client, alreadyOver);
        }
    }

    @Override
    public void onWritePossible() {
        client.resume();
    }

    @Override
    public void onError(Throwable failure) {
        LOG.debug("Event stream {}: connection failed", client, failure);
        hub.leave(client);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        hub.leave(client);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        hub.leave(client);
    }

    @Override
    public void onError(AsyncEvent event) {
        hub.leave(client);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
