package org.qenex.security.internal.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.junit.After;
import org.junit.Test;
import org.osgi.service.event.Event;
import org.qenex.security.internal.intrusion.IntrusionBench;
import org.qenex.security.internal.intrusion.IntrusionDetector;

public class LoginEventAuditorTest {

    private final RecordingAuditTrail audit = new RecordingAuditTrail();
    private final List<AuditEntry> recorded = audit.entries;
    private final IntrusionDetector detector = IntrusionBench.detector(Map.of("anomalyEnabled", false),
            Clock.systemUTC(), audit, Runnable::run, null, null);

    @After
    public void stop() {
        IntrusionBench.stop(detector);
    }

    private static Event login(String kind, String user, String peer) {
        Subject subject = new Subject();
        if (peer != null) {
            subject.getPrincipals().add(new ClientPrincipal("ssh", peer));
        }
        return new Event("org/apache/karaf/login/" + kind, Map.of("username", user, "subject", subject,
                "type", kind.toLowerCase(), "timestamp", 0L));
    }

    @Test
    public void sshLoginsAreAuditedWithTheClientsAddress() {
        LoginEventAuditor auditor = new LoginEventAuditor(audit, detector);
        auditor.handleEvent(login("SUCCESS", "admin", "/192.0.2.4:50022"));
        auditor.handleEvent(login("FAILURE", "root", "/192.0.2.5:50023"));
        auditor.handleEvent(login("ATTEMPT", "root", "/192.0.2.5:50023"));

        assertEquals(2, recorded.size());
        assertEquals(new AuditEntry("admin", "ssh", "192.0.2.4", "login", "ok", ""), recorded.get(0));
        assertEquals(new AuditEntry("root", "ssh", "192.0.2.5", "login", "failed", ""), recorded.get(1));
    }

    @Test
    public void loginsWithoutAClientPrincipalAreLeftToTheRestGateway() {
        new LoginEventAuditor(audit, detector).handleEvent(login("FAILURE", "admin", null));
        assertTrue(recorded.isEmpty());
    }

    @Test
    public void repeatedSshFailuresBlockTheAddress() {
        LoginEventAuditor auditor = new LoginEventAuditor(audit, detector);
        for (int i = 0; i < 9; i++) {
            auditor.handleEvent(login("FAILURE", "root", "/198.51.100.9:" + (40000 + i)));
        }
        assertFalse(detector.isBlocked("198.51.100.9"));
        auditor.handleEvent(login("FAILURE", "root", "/198.51.100.9:40010"));
        assertTrue(detector.isBlocked("198.51.100.9"));
    }

    @Test
    public void theAddressLosesItsPortForIpv4AndIpv6() {
        assertEquals("10.0.0.5", LoginEventAuditor.hostOf("/10.0.0.5:51234"));
        assertEquals("0:0:0:0:0:0:0:1", LoginEventAuditor.hostOf("/0:0:0:0:0:0:0:1:51234"));
        assertEquals("10.0.0.5", LoginEventAuditor.hostOf("host.example/10.0.0.5:22"));
        assertEquals("unknown", LoginEventAuditor.hostOf(null));
    }
}
