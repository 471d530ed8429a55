package org.qenex.security.internal.audit;

import java.security.Principal;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.qenex.security.internal.intrusion.IntrusionDetector;

/**
 * Audits SSH logins and feeds failed ones to intrusion detection.
 *
 * <p>Karaf's JAAS realm posts every login on EventAdmin ({@code audit.eventadmin.enabled}, on by
 * default): topics {@code org/apache/karaf/login/ATTEMPT|SUCCESS|FAILURE|LOGOUT} with the
 * properties {@code username} and {@code subject}. The SSH server puts a {@link ClientPrincipal}
 * (method {@code ssh}, the client's address) into that subject before logging in, which is how
 * an SSH login is told from a REST one; REST logins are audited by the gateway, which knows the
 * outcome of the whole request.
 */
@Component(service = EventHandler.class, property = EventConstants.EVENT_TOPIC + "=org/apache/karaf/login/*")
public final class LoginEventAuditor implements EventHandler {

    private final AuditTrail audit;
    private final IntrusionDetector detector;

    @Activate
    public LoginEventAuditor(@Reference AuditTrail audit, @Reference IntrusionDetector detector) {
        this.audit = audit;
        this.detector = detector;
    }

    @Override
    public void handleEvent(Event event) {
        String topic = event.getTopic();
        String kind = topic.substring(topic.lastIndexOf('/') + 1);
        boolean success = "SUCCESS".equals(kind);
        boolean failure = "FAILURE".equals(kind);
        if (!success && !failure) {
            return;
        }
        ClientPrincipal client = client(event.getProperty("subject"));
        if (client == null) {
            return;
        }
        String user = event.getProperty("username") instanceof String name ? name : "";
        String address = hostOf(client.getAddress());
        audit.record(new AuditEntry(user.isEmpty() ? "unknown" : user, client.getMethod(), address, "login",
                success ? "ok" : "failed", ""));
        if (failure) {
            detector.loginFailed(address, user);
        }
    }

    private static ClientPrincipal client(Object subject) {
        if (subject instanceof Subject s) {
            for (Principal principal : s.getPrincipals()) {
                if (principal instanceof ClientPrincipal client) {
                    return client;
                }
            }
        }
        return null;
    }

    /**
     * Karaf writes the SSH peer as a socket address, {@code /10.0.0.5:51234} or
     * {@code /0:0:0:0:0:0:0:1:51234}; the address without the port is what identifies a client.
     */
    static String hostOf(String peer) {
        if (peer == null || peer.isEmpty()) {
            return "unknown";
        }
        String address = peer.substring(peer.indexOf('/') + 1);
        return address.replaceFirst(":\\d+$", "");
    }
}
