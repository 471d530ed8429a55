package org.qenex.security.internal.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX REST authentication",
        description = "How the REST API under /api authenticates its callers, and how it resists password guessing and floods.")
public @interface ApiGatewayConfiguration {

    @AttributeDefinition(name = "JAAS realm", description = "The realm that checks user names and passwords.")
    String realm() default "karaf";

    @AttributeDefinition(name = "Login cache (seconds)",
            description = "How long a successful login is remembered, so that each request does not pay for a slow password hash. 0 disables the cache.")
    int loginCacheSeconds() default 60;

    @AttributeDefinition(name = "Login cache size", description = "At most this many remembered logins.")
    int loginCacheSize() default 1000;

    @AttributeDefinition(name = "Free failures per address",
            description = "Failed logins (passwords or tokens) a client address may make in a row before it is locked out.")
    int addressFreeFailures() default 10;

    @AttributeDefinition(name = "First address lockout (seconds)",
            description = "How long an address is locked after its free failures; doubled per further failure.")
    int addressLockSeconds() default 30;

    @AttributeDefinition(name = "Free failures per user",
            description = "Wrong passwords a user name may receive in a row, from any address, before it is locked out.")
    int userFreeFailures() default 5;

    @AttributeDefinition(name = "First user lockout (seconds)",
            description = "How long a user name is locked after its free failures; doubled per further failure.")
    int userLockSeconds() default 15;

    @AttributeDefinition(name = "Longest lockout (seconds)", description = "No lockout lasts longer than this.")
    int maxLockSeconds() default 900;

    @AttributeDefinition(name = "Forget failures after (seconds)",
            description = "An address or user that has not failed for this long starts again with its free failures.")
    int forgetFailuresSeconds() default 900;

    @AttributeDefinition(name = "Concurrent password hashes",
            description = "At most this many password checks (PBKDF2, about 80 ms of a core each) run at once.")
    int concurrentHashes() default 1;

    @AttributeDefinition(name = "Waiting password checks",
            description = "At most this many logins wait for a hash permit; further ones are answered 503 at once. "
                    + "The web console checks the password of every page and resource, so a browser needs a few.")
    int hashWaiters() default 16;

    @AttributeDefinition(name = "Hash wait (milliseconds)", description = "How long a login waits for a hash permit before 503.")
    int hashWaitMillis() default 1000;

    @AttributeDefinition(name = "Logged failures per minute",
            description = "Failed logins are logged at WARN, at most this many a minute after a burst of 20; the rest are counted.")
    int failureLogPerMinute() default 60;

    @AttributeDefinition(name = "Concurrent public submissions",
            description = "At most this many bodies (POST, PUT, PATCH) to public endpoints are being uploaded at once; further ones are answered 503 at once. The endpoint's own work does not count.")
    int publicSubmissions() default 32;

    @AttributeDefinition(name = "Public body limit (KiB)",
            description = "The gateway reads a public request's body into memory before the endpoint sees it: at most this much, else 413.")
    int publicBodyKibibytes() default 64;

    @AttributeDefinition(name = "Body limit (KiB)",
            description = "An authenticated request's body, read by the endpoint itself, may have at most this much, else 413;"
                    + " an unreadable body (e.g. malformed chunked encoding) is answered 400. Endpoints cap their own bodies lower;"
                    + " a route that declares a larger limit of its own (an admin's plugin jar upload, 32 MiB) gets that.")
    int bodyKibibytes() default 64;

    @AttributeDefinition(name = "Public body deadline (seconds)",
            description = "A public request must have sent its whole body within this time, else it is answered 408.")
    int publicBodySeconds() default 10;
}
