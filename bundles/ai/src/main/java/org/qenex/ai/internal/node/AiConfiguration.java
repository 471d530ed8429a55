package org.qenex.ai.internal.node;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX cumulative model",
        description = "Candidates, versions and proofs of the node's AI subsystem; data in the bundle's own folder (${karaf.data}/qenex/ai) "
                + "and the store's ai.* namespaces.")
public @interface AiConfiguration {

    @AttributeDefinition(name = "CPU budget per candidate (seconds)",
            description = "CPU time one candidate may use to train and score all its tasks; over it, it is stopped "
                    + "and rejected (over_budget).", min = "1", max = "3600")
    int cpuBudgetSeconds() default 30;

    @AttributeDefinition(name = "Memory budget per candidate (MB)",
            description = "Heap of the training worker process that trains and scores candidates (and re-verifies "
                    + "proofs); a candidate that needs more is refused (over_memory). Validators of one network "
                    + "should use the same value.", min = "64", max = "8192")
    int workerHeapMegabytes() default 256;

    @AttributeDefinition(name = "Queue size", description = "How many candidates may wait to be judged.", min = "1")
    int maxQueued() default 50;

    @AttributeDefinition(name = "Submissions per contributor per hour",
            description = "Candidates naming one contributor, whoever submits them; beyond it a submission is refused "
                    + "(429 rate_limited).", min = "1")
    int submissionsPerHour() default 20;

    @AttributeDefinition(name = "Submissions per user per hour",
            description = "Candidates one authenticated user (REST or shell) may submit, whatever contributors they "
                    + "name; beyond it a submission is refused (429 rate_limited).", min = "1")
    int submissionsPerUserPerHour() default 20;

    @AttributeDefinition(name = "Waiting candidates per user",
            description = "How many of one user's candidates may wait at once, so that one user cannot fill the "
                    + "queue; the queue serves users in turn.", min = "1")
    int maxQueuedPerUser() default 10;
}
