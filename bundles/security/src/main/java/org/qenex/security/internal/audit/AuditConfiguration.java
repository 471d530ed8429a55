package org.qenex.security.internal.audit;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX audit log",
        description = "The hash-chained, append-only log of every state-changing action (data/qenex/security/audit.jsonl).")
public @interface AuditConfiguration {

    @AttributeDefinition(name = "Sync interval (ms)",
            description = "Records reach the operating system at once (a killed node loses none) and are forced to the disk at most this long after; "
                    + "0 forces every record to the disk before the action's caller continues (slower).")
    long syncIntervalMillis() default 200;

    @AttributeDefinition(name = "Summarised requests",
            description = "REST requests audited as one record per client, status and interval instead of one each, as "
                    + "\"METHOD /path\" below /api. Meant for signed transfer submits, which the ledger records anyway. "
                    + "A summarised request refused for its credentials (401 with credentials, 403) is still recorded alone.")
    String[] summarisedRequests() default {"POST /v1/chain/transactions"};

    @AttributeDefinition(name = "Summary interval (s)",
            description = "How often the summaries are written; a killed node loses the counts of this last interval.",
            min = "1")
    long summaryIntervalSeconds() default 60;
}
