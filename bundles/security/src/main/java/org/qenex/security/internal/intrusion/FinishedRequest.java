package org.qenex.security.internal.intrusion;

/**
 * One REST request as the gateway saw it once it was answered.
 *
 * @param address the client's IP address as the connection shows it (no forwarding header is trusted)
 * @param user the authenticated user, or null for an anonymous request
 * @param method the HTTP method
 * @param path the path under the API context, without the query
 * @param status the status answered
 * @param durationNanos from the gateway's first look at the request to the answer
 * @param bodyBytes the request body's declared length ({@code Content-Length}), 0 when unknown
 * @param credentialsPresented whether the request carried an {@code Authorization} header
 */
public record FinishedRequest(String address, String user, String method, String path, int status,
        long durationNanos, long bodyBytes, boolean credentialsPresented) {

    /**
     * A refused login: credentials were presented and nobody was authenticated, answered 401 (wrong
     * password or user) or 429 (the login guard's lockout: still an attempt, or the guard would hide
     * a brute force from detection).
     */
    public boolean failedLogin() {
        return credentialsPresented && user == null && (status == 401 || status == 429);
    }
}
