package org.qenex.itests.flaky;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX flaky test plugin")
public @interface FlakyConfiguration {

    @AttributeDefinition(description = "Throw in activate")
    boolean failActivate() default false;
}
