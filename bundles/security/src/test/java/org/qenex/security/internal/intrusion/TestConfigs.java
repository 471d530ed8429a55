package org.qenex.security.internal.intrusion;

import java.util.Map;

import org.qenex.security.internal.TypedConfigs;
import org.qenex.security.internal.audit.AuditConfiguration;

/** The configurations of this package's components, with their defaults, some overridden. */
final class TestConfigs {

    private TestConfigs() {
    }

    static IntrusionConfiguration intrusion(Map<String, Object> overrides) {
        return TypedConfigs.of(IntrusionConfiguration.class, overrides);
    }

    static AuditConfiguration audit(Map<String, Object> overrides) {
        return TypedConfigs.of(AuditConfiguration.class, overrides);
    }
}
