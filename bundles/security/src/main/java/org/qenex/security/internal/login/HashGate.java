package org.qenex.security.internal.login;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps how many password hashes are computed at once. A hash is slow on purpose (PBKDF2, about
 * 80 ms of one core); without a cap a flood of logins takes every core and every HTTP thread. A
 * login that finds all permits taken waits at most {@code maxWait}, and only {@code maxWaiting}
 * logins may wait at all: the rest are turned away at once, so waiting never ties up the HTTP
 * thread pool either.
 */
public final class HashGate {

    private final Semaphore permits;
    private final int maxWaiting;
    private final long maxWaitNanos;
    private final AtomicInteger waiting = new AtomicInteger();

    public HashGate(int permits, int maxWaiting, Duration maxWait) {
        if (permits < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException("permits must be positive and maxWaiting not negative");
        }
        this.permits = new Semaphore(permits, true);
        this.maxWaiting = maxWaiting;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /**
     * Takes a permit; the caller must {@link #exit()} after hashing if this returns true.
     *
     * @return false when the gate is full (the caller should answer "busy, retry")
     */
    public boolean enter() throws InterruptedException {
        if (permits.tryAcquire()) {
            return true;
        }
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            return false;
        }
        try {
            return permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } finally {
            waiting.decrementAndGet();
        }
    }

    public void exit() {
        permits.release();
    }

    int available() {
        return permits.availablePermits();
    }
}
