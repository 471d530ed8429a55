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
}
