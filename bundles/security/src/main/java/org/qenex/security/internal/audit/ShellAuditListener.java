package org.qenex.security.internal.audit;

import java.security.AccessController;
import java.security.Principal;

import javax.security.auth.Subject;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Audits every command line run in a Karaf shell (local console, SSH, {@code bin/client}).
 *
 * <p>Karaf 4.4 adds every {@link CommandSessionListener} service to its command processor
 * ({@code ListenerTracker}), which calls it around each line a session executes, on the thread
 * that runs it. The user and the client's address come from the JAAS subject that thread runs as
 * (the SSH server logs in and runs the session as that subject), never from session variables,
 * which a shell user can set.
 */
@Component(service = CommandSessionListener.class)
public final class ShellAuditListener implements CommandSessionListener {

    /** Longer command lines are cut, so one paste cannot bloat the log. */
    static final int MAX_COMMAND = 2000;

    private final AuditTrail audit;
    private final ThreadLocal<Long> started = new ThreadLocal<>();

    @Activate
    public ShellAuditListener(@Reference AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    public void beforeExecute(CommandSession session, CharSequence command) {
        started.set(System.nanoTime());
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
        String outcome = isDenial(exception) ? "denied" : isUnknown(exception) ? "not-found" : "failed";
        String reason = exception.getMessage() == null ? exception.getClass().getSimpleName()
                : exception.getClass().getSimpleName() + ": " + exception.getMessage();
        record(command, outcome, reason);
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Object result) {
        record(command, "ok", "");
    }

    private void record(CharSequence command, String outcome, String reason) {
        String line = command == null ? "" : command.toString().strip();
        Long start = started.get();
        started.remove();
        // Karaf's init scripts (etc/shell.init.script, etc/scripts/*) run through the session at
        // each login and are recorded too: telling them apart would trust a session variable,
        // which a shell user can set to hide a command.
        if (line.isEmpty()) {
            return;
        }
        if (line.length() > MAX_COMMAND) {
            line = line.substring(0, MAX_COMMAND) + "... (" + line.length() + " characters)";
        }
        String took = start == null ? "" : "took " + (System.nanoTime() - start) / 1_000_000 + " ms";
        String detail = reason.isEmpty() ? took : took + "; " + reason;
        Who who = who();
        audit.record(new AuditEntry(who.user, who.route, who.address, line, outcome, detail));
    }

    /** Karaf's command ACLs refuse with a SecurityException ("Insufficient credentials"). */
    static boolean isDenial(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SecurityException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Karaf hides the commands a user's roles may not run, so a command refused by an ACL fails
     * as "Command not found", just like a misspelt one (the class is gogo's, not exported).
     */
    static boolean isUnknown(Throwable exception) {
        return "CommandNotFoundException".equals(exception.getClass().getSimpleName());
    }

    private record Who(String user, String route, String address) {
    }

    @SuppressWarnings("removal")
    private static Who who() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject == null) {
            return new Who("unknown", "shell", "local");
        }
        String user = "unknown";
        String route = "shell";
        String address = "local";
        for (Principal principal : subject.getPrincipals()) {
            if (principal instanceof UserPrincipal) {
                user = principal.getName();
            } else if (principal instanceof ClientPrincipal client) {
                route = client.getMethod();
                address = LoginEventAuditor.hostOf(client.getAddress());
            }
        }
        return new Who(user, route, address);
    }
}
