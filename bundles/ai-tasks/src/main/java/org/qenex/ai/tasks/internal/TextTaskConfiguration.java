package org.qenex.ai.tasks.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The held-out draw of a text task (PIDs {@code org.qenex.ai.tasks.language} and
 * {@code org.qenex.ai.tasks.code}): which of the shipped rows are held out, which public and which
 * for training is decided per epoch by a secret, so that no file in the repository says which rows
 * the node decides on.
 */
@ObjectClassDefinition(name = "QENEX text task",
        description = "Every row of the shipped data is assigned to the training, public or held-out split by a "
                + "ranking keyed with the held-out secret and the epoch. Every node of a network must use the same "
                + "pair, or proofs from one node will not verify on another (their data hashes differ).")
public @interface TextTaskConfiguration {

    @AttributeDefinition(name = "Epoch",
            description = "Change it to draw new splits; the task's data hash changes.", min = "0")
    long epoch() default 0;

    @AttributeDefinition(name = "Epoch length (hours)",
            description = "0: the epoch changes only by configuration. Otherwise the epoch advances by one every so "
                    + "many hours of UTC time (counted from 1970-01-01), drawing new splits on every node of the "
                    + "network at once.", min = "0")
    long epochHours() default 0;

    @AttributeDefinition(name = "Held-out secret",
            description = "Secret the split is keyed with; contributors never see it. Empty: this node's own secret, "
                    + "generated once and kept in ${karaf.data}/qenex/ai-tasks/<task>-held-out.secret. A network of "
                    + "several nodes sets the same secret on every node.")
    String heldOutSecret() default "";

    @AttributeDefinition(name = "Fallback data directory",
            description = "Used only when the system property karaf.data is not set (outside Karaf).")
    String fallbackDataDir() default "data";
}
