package org.qenex.monitoring.internal.log;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How much recent log the node keeps in memory for {@code qenex:logs} and {@code GET /api/v1/logs} ({@code etc/org.qenex.logs.cfg}, optional). */
@ObjectClassDefinition(name = "QENEX recent log", description = "The in-memory ring of recent log events.")
public @interface LogRingConfiguration {

    @AttributeDefinition(name = "Lines kept", description = "Log events kept, the newest; each message is cut at 2,000"
            + " characters, so 10,000 lines hold at most about 40 MB and usually a few MB.", min = "100", max = "200000")
    int capacity() default 10_000;
}
