package org.qenex.ai.internal.node;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX improver",
        description = "The background search that proposes candidates to the cumulative model.")
public @interface ImproverConfiguration {

    @AttributeDefinition(name = "Enabled", description = "Whether the improver proposes candidates on its own.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Interval (seconds)", description = "Time between two proposals.", min = "5")
    int intervalSeconds() default 60;

    @AttributeDefinition(name = "Contributor",
            description = "Chain address credited for what the improver finds. Empty: the address qenex:mine start "
                    + "gives; until then the improver proposes nothing (the node id is not an address).")
    String contributor() default "";
}
