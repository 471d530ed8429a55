package org.qenex.security.internal.console;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX web console audit",
        description = "Audits the Felix Web Console's state-changing requests and refused logins, and refuses addresses blocked by intrusion detection.")
public @interface WebConsoleAuditConfiguration {

    @AttributeDefinition(name = "Console root",
            description = "The web console's path (its manager.root, pid org.apache.felix.webconsole.internal.servlet.OsgiManager).")
    String consoleRoot() default "/system/console";
}
