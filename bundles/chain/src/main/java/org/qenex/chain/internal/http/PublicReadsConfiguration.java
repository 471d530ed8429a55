package org.qenex.chain.internal.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX chain public reads",
        description = "The reads a wallet needs without a login: the chain's identity and fees, an account's next nonce, "
                + "a transaction's status (GET /api/v1/chain/info, /accounts/{address}/nonce, /transactions/{id}/status).")
public @interface PublicReadsConfiguration {

    @AttributeDefinition(name = "Enabled",
            description = "Serve the public reads. Off: the three routes are not served at all (404), and the same "
                    + "facts stay readable with a viewer login.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Per client (per second)",
            description = "Public reads one client address may make per second (also its burst); more are answered 429.",
            min = "1")
    int readsPerSecondPerClient() default 20;

    @AttributeDefinition(name = "All clients (per second)",
            description = "Public reads all clients together may make per second.", min = "1")
    int readsPerSecondTotal() default 1_000;
}
