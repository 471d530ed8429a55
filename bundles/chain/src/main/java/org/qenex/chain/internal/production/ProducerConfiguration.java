package org.qenex.chain.internal.production;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX block producer",
        description = "A validator produces its turns from the start; this configures how often an idle one makes an empty block, "
                + "and the improvement mining qenex:mine drives.")
public @interface ProducerConfiguration {

    @AttributeDefinition(name = "Mine from the start",
            description = "Search for improvements from activation on, without waiting for qenex:mine start.")
    boolean autoStart() default false;

    @AttributeDefinition(name = "Contributor",
            description = "The address improvement work is requested for when mining starts; empty: none.")
    String contributor() default "";

    @AttributeDefinition(name = "Empty block every (s)",
            description = "How old the head may grow before a validator with nothing to include (no transaction, no proof) makes "
                    + "an empty block at its turn. Transactions are not delayed: a turn with something to include makes its block. "
                    + "While one of the newest finalityDepth blocks carries something, every turn makes a block, so it becomes final "
                    + "at the block interval's pace. 0: a block at every turn, empty or not.")
    int emptyBlockSeconds() default 60;
}
