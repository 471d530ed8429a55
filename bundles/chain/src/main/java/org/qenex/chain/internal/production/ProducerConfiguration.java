package org.qenex.chain.internal.production;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX block producer",
        description = "A validator produces its turns from the start; this configures the improvement mining qenex:mine drives.")
public @interface ProducerConfiguration {

    @AttributeDefinition(name = "Mine from the start",
            description = "Search for improvements from activation on, without waiting for qenex:mine start.")
    boolean autoStart() default false;

    @AttributeDefinition(name = "Contributor",
            description = "The address improvement work is requested for when mining starts; empty: none.")
    String contributor() default "";
}
