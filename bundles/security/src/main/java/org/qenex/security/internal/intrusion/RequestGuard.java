package org.qenex.security.internal.intrusion;

/** What the REST gateway asks of the security subsystem before and after each request. */
public interface RequestGuard {

    /** Whether requests from {@code address} are to be refused (403) before anything else. */
    boolean refuses(String address);

    /** Audits the request if it changed (or tried to change) something, and feeds intrusion detection. */
    void finished(FinishedRequest request);
}
