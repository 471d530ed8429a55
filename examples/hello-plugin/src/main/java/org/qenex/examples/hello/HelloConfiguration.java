package org.qenex.examples.hello;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX hello plugin", description = "An example plugin that counts greetings in the background.")
public @interface HelloConfiguration {

    @AttributeDefinition(name = "Greeting interval (ms)", description = "How often the background job greets.")
    long intervalMillis() default 5000;
}
