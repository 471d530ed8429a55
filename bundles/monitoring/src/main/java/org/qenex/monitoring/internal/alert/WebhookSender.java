package org.qenex.monitoring.internal.alert;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alert notifications as JSON POSTs on a thread of its own, so that the node never waits
 * for a receiver: {@link #send} only queues (a bounded queue; when it is full the notification is
 * dropped and counted), and a failed delivery (connection refused, timeout, 5xx, 408, 429) is
 * retried after 1, 2, 4, ... times the base delay, up to {@code attempts} in all. Another 4xx is
 * the receiver refusing this notification: not retried.
 */
final class WebhookSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final int TIMEOUT_MILLIS = 5_000;

    private final DelayQueue<Delivery> queue = new DelayQueue<>();
    private final int capacity;
    private final int attempts;
    private final Duration baseDelay;
    private Thread worker;
    private boolean closed;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    WebhookSender(int capacity, int attempts, Duration baseDelay) {
        this.capacity = capacity;
        this.attempts = attempts;
        this.baseDelay = baseDelay;
    }

    /** The thread starts with the first notification: a node without webhooks runs none. */
    private synchronized boolean started() {
        if (closed) {
            return false;
        }
        if (worker == null) {
            worker = new Thread(this::work, "qenex-alert-webhooks");
            worker.setDaemon(true);
            worker.start();
        }
        return true;
    }

    /** Queues one POST of {@code json} to {@code target}; never blocks. Returns false if the queue was full. */
    boolean send(URI target, byte[] json) {
        if (!started()) {
            return false;
        }
        // size() then add() may let a few more in under a race: the bound is about memory, not exact.
        if (queue.size() >= capacity) {
            long count = dropped.incrementAndGet();
            LOG.warn("Alert webhook queue full ({} waiting): notification to {} dropped ({} dropped so far)", capacity, target, count);
            return false;
        }
        queue.add(new Delivery(target, json, 1, System.nanoTime()));
        return true;
    }

    long delivered() {
        return delivered.get();
    }

    long dropped() {
        return dropped.get();
    }

    long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = worker;
        }
        if (running == null) {
            return;
        }
        running.interrupt();
        try {
            running.join(TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void work() {
        while (!Thread.currentThread().isInterrupted()) {
            Delivery next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            int status = post(next);
            if (status / 100 == 2) {
                delivered.incrementAndGet();
            } else if ((status < 0 || status >= 500 || status == 408 || status == 429) && next.attempt < attempts) {
                long delay = baseDelay.toNanos() << (next.attempt - 1);
                queue.add(new Delivery(next.target, next.json, next.attempt + 1, System.nanoTime() + delay));
            } else {
                failed.incrementAndGet();
                LOG.warn("Alert webhook {} not delivered after {} attempt(s) (last status {})", next.target, next.attempt,
                        status < 0 ? "none: no connection" : status);
            }
        }
    }

    /** The receiver's status, or -1 if none answered. */
    private static int post(Delivery delivery) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) delivery.target.toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setInstanceFollowRedirects(false);
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setFixedLengthStreamingMode(delivery.json.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(delivery.json);
            }
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (in != null) {
                    in.readNBytes(64 * 1024); // read (a bounded part of) the answer so the connection can be reused
                }
            }
            return status;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Alert webhook {} attempt {} failed", delivery.target, delivery.attempt, e);
            return -1;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private record Delivery(URI target, byte[] json, int attempt, long dueNanos) implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Delivery) other).dueNanos);
        }
    }
}
