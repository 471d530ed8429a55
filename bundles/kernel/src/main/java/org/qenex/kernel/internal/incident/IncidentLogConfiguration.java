package org.qenex.kernel.internal.incident;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX incident log",
        description = "The node's durable record of incidents: ${karaf.data}/qenex/kernel/incidents.jsonl.")
public @interface IncidentLogConfiguration {

    @AttributeDefinition(name = "Retained incidents",
            description = "How many of the newest incidents are kept in memory. The file is compacted back to this many "
                    + "once it holds twice as many.", min = "10")
    int retained() default 10_000;
}
