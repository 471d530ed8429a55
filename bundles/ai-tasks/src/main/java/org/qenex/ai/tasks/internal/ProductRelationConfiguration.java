package org.qenex.ai.tasks.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX task mathematics.product-relation",
        description = "The generated mathematics task. Its held-out rows are drawn from a seed derived from the "
                + "held-out secret and the epoch; every node of a network must use the same pair, or proofs from "
                + "one node will not verify on another (their data hashes differ).")
public @interface ProductRelationConfiguration {

    @AttributeDefinition(name = "Epoch",
            description = "Change it (with a fresh secret) to draw a new held-out set; the task's data hash changes.",
            min = "0")
    long epoch() default 0;

    @AttributeDefinition(name = "Epoch length (hours)",
            description = "0: the epoch changes only by configuration. Otherwise the epoch advances by one every so "
                    + "many hours of UTC time (counted from 1970-01-01), drawing new held-out rows on every node of "
                    + "the network at once.", min = "0")
    long epochHours() default 0;

    @AttributeDefinition(name = "Held-out secret",
            description = "Secret from which the held-out seed is derived; contributors never see it. Empty: this "
                    + "node's own secret, generated once and kept in ${karaf.data}/qenex/ai-tasks/"
                    + HeldOutSecret.FILE + "; its proofs then verify only on nodes given the same secret. "
                    + "A network of several nodes sets the same secret on every node.")
    String heldOutSecret() default "";
}
