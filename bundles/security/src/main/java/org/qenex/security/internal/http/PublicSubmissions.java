package org.qenex.security.internal.http;

import java.util.concurrent.Semaphore;

/**
 * Caps how many bodies of public requests (no credentials needed) are being uploaded at once.
 * A slow client uploading a body holds an HTTP thread for as long as it takes; about 60 of them
 * used to take all of Jetty's threads. Beyond the cap a request is refused at once (503), so
 * anonymous uploads can never hold more than this many threads, whatever their speed. The slot
 * is held for the upload only, not while the endpoint works.
 */
final class PublicSubmissions {

    private final Semaphore slots;

    PublicSubmissions(int max) {
        this.slots = new Semaphore(Math.max(1, max));
    }

    /** Whether {@code method} sends a body that the endpoint will read. */
    static boolean isSubmission(String method) {
        return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
    }

    boolean tryEnter() {
        return slots.tryAcquire();
    }

    void exit() {
        slots.release();
    }
}
