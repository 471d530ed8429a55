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

    @AttributeDefinition(name = "Warm-up verifications",
            description = "Some seconds after start, a low-priority job decodes and verifies throw-away signed transfers this many"
                    + " times (about a second of one core; nothing is stored), so the JIT has compiled the submit path before"
                    + " the first load. Transactions submitted meanwhile count toward it. 0: no warm-up.", min = "0")
    int warmupVerifications() default 10_000;

    // 5 s, not 20 s: a low-priority job does not start while the node's CPU is busy (the rest of its
    // start-up), and at 20 s the warm-up and the C2 compilations it causes (20 MB of compiler arenas)
    // fell inside the first half-minute of an idle node, where issue 14 measures its memory
    @AttributeDefinition(name = "Warm-up delay (seconds)",
            description = "How long after the component starts the warm-up may run; as a low-priority job it waits while the"
                    + " node is busy, so it runs once the node's own start-up work is done.", min = "0")
    int warmupDelaySeconds() default 5;
}
