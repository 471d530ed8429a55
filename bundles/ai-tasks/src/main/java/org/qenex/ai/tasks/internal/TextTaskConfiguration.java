package org.qenex.ai.tasks.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The held-out draw of a text task (PIDs {@code org.qenex.ai.tasks.language} and
 * {@code org.qenex.ai.tasks.code}): its held-out rows are sampled from the task's generator with a
 * seed derived from the secret and the epoch, so they exist nowhere before the epoch draws them.
 */
@ObjectClassDefinition(name = "QENEX text task",
        description = "The held-out rows are sampled from the task's shipped generator with a seed derived from the "
                + "held-out secret and the epoch (training and public rows use public seeds). Every node of a network "
                + "must use the same pair, or proofs from one node will not verify on another (their data hashes "
                + "differ).")
public @interface TextTaskConfiguration {

    @AttributeDefinition(name = "Epoch",
            description = "Change it to draw new held-out rows; the task's data hash changes.", min = "0")
    long epoch() default 0;

    @AttributeDefinition(name = "Epoch length (hours)",
            description = "0: the epoch changes only by configuration. Otherwise the epoch advances by one every so "
                    + "many hours of UTC time (counted from 1970-01-01), drawing new held-out rows on every node of the "
                    + "network at once.", min = "0")
    long epochHours() default 0;

    @AttributeDefinition(name = "Held-out secret",
            description = "Secret the held-out seed is derived from; contributors never see it. Empty: this node's own secret, "
                    + "generated once and kept in ${karaf.data}/qenex/ai-tasks/<task>-held-out.secret. A network of "
                    + "several nodes sets the same secret on every node.")
    String heldOutSecret() default "";
}
