package org.qenex.chain.internal.production;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX block producer",
        description = "Produces a block every interval with the node's key while started (qenex:mine start).")
public @interface ProducerConfiguration {

    @AttributeDefinition(name = "Start with the node",
            description = "Produce blocks from activation on, without waiting for qenex:mine start.")
    boolean autoStart() default false;

    @AttributeDefinition(name = "Contributor",
            description = "The address improvement work is requested for when mining starts; empty: none.")
    String contributor() default "";

    @AttributeDefinition(name = "Interval (ms)",
            description = "Time between blocks; 0 takes the genesis file's block interval.", min = "0")
    long intervalMillis() default 0;
}
