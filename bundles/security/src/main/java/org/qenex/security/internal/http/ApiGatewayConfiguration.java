package org.qenex.security.internal.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX REST authentication",
        description = "How the REST API under /api authenticates its callers.")
public @interface ApiGatewayConfiguration {

    @AttributeDefinition(name = "JAAS realm", description = "The realm that checks user names and passwords.")
    String realm() default "karaf";

    @AttributeDefinition(name = "Login cache (seconds)",
            description = "How long a successful login is remembered, so that each request does not pay for a slow password hash. 0 disables the cache.")
    int loginCacheSeconds() default 60;

    @AttributeDefinition(name = "Login cache size", description = "At most this many remembered logins.")
    int loginCacheSize() default 1000;
}
