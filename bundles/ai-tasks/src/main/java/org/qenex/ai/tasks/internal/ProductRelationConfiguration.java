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

    @AttributeDefinition(name = "Held-out secret",
            description = "Secret from which the held-out seed is derived; contributors never see it. The default is "
                    + "public and only fit for a single node or a test network.")
    String heldOutSecret() default "qenex-genesis";
}
