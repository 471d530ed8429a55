package org.qenex.kernel.internal.supervisor;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX supervisor",
        description = "Restarts failed QENEX bundles, components and health checks with exponential backoff, and "
                + "quarantines parts that keep failing. All durations are in milliseconds.")
public @interface SupervisorConfiguration {

    @AttributeDefinition(name = "Check interval (ms)",
            description = "How often bundles, components and health checks are looked at.", min = "100")
    long checkInterval() default 5_000;

    @AttributeDefinition(name = "Start check interval (ms)",
            description = "How often they are looked at while the node does not serve yet (it is booting, or one of "
                    + "its endpoints waits for a reference): the node reports UP this soon after it can. At most the "
                    + "check interval.", min = "50")
    long startingInterval() default 250;

    @AttributeDefinition(name = "Initial backoff (ms)",
            description = "Wait before the first restart of a failed part; each further consecutive restart waits "
                    + "twice as long.", min = "0")
    long initialBackoff() default 1_000;

    @AttributeDefinition(name = "Maximum backoff (ms)",
            description = "The longest wait before a restart, however many restarts came before.", min = "0")
    long maxBackoff() default 60_000;

    @AttributeDefinition(name = "Maximum restarts",
            description = "A part that needs more than this many restarts within the window is quarantined: "
                    + "stopped until an operator heals it (qenex:heal).", min = "0")
    int maxRestarts() default 5;

    @AttributeDefinition(name = "Restart window (ms)",
            description = "The period over which restarts are counted for quarantine.", min = "1")
    long window() default 600_000;

    @AttributeDefinition(name = "Stable after (ms)",
            description = "A restarted part that stays healthy this long starts again from the initial backoff.",
            min = "0")
    long stableAfter() default 120_000;

    @AttributeDefinition(name = "Health check timeout (ms)",
            description = "A health check that takes longer than this is unanswered: DEGRADED (slow), and DOWN "
                    + "only once it stays unanswered for the unanswered grace.", min = "1")
    long healthTimeout() default 5_000;

    @AttributeDefinition(name = "Unanswered grace (ms)",
            description = "How long a health check may go without answering within its timeout before it counts "
                    + "as DOWN and its part is restarted. Until then it is DEGRADED: on a busy machine a check can "
                    + "be slow while its part works, and a restart would drop that work. A check that answers DOWN "
                    + "is restarted at once.", min = "0")
    long unansweredGrace() default 30_000;

    @AttributeDefinition(name = "Unsatisfied reference grace (ms)",
            description = "A component may wait this long for a missing reference before an incident is recorded.",
            min = "0")
    long unsatisfiedGrace() default 30_000;
}
