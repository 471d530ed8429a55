package org.qenex.kernel.internal.supervisor;

/** Reads the {@link org.qenex.api.health.HealthCheck#CRITICAL} service property. */
public final class Criticality {

    private Criticality() {
    }

    /** Only an explicit {@code false} (a Boolean, or text as a .cfg or a DS property gives it) makes a check non-critical. */
    public static boolean of(Object property) {
        return !(Boolean.FALSE.equals(property)
                || (property instanceof String text && "false".equalsIgnoreCase(text.trim())));
    }
}
