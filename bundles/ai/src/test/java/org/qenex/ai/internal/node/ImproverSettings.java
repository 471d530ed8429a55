package org.qenex.ai.internal.node;

import java.lang.annotation.Annotation;

/** The improver's configuration as a test gives it, without a container: a round every 60 s. */
public record ImproverSettings(boolean enabled, String contributor) implements ImproverConfiguration {

    @Override
    public int intervalSeconds() {
        return 60;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return ImproverConfiguration.class;
    }
}
