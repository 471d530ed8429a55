package org.qenex.chain.internal.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX chain submissions",
        description = "Rate limits of POST /api/v1/chain/transactions, which needs no login: a transaction's signature "
                + "authenticates it.")
public @interface RestConfiguration {

    @AttributeDefinition(name = "Per client (per second)",
            description = "Submissions one client address may make per second (also its burst).", min = "1")
    int submitsPerSecondPerClient() default 2_000;

    @AttributeDefinition(name = "All clients (per second)",
            description = "Submissions all clients together may make per second.", min = "1")
    int submitsPerSecondTotal() default 5_000;
}
