package org.qenex.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.support.CommandException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Runs shell commands in the container as a logged-in user would, without SSH. Kept out of the
 * test classes on purpose: Pax Exam's runner reflects over a test class and its superclasses as
 * soon as the probe starts, and a shell type in their fields or methods made the probe import
 * Karaf's shell package then, which fails while the boot features still wire the shell
 * ({@code ClassNotFoundException ... Session not found by PAXEXAM-PROBE}). This class is loaded
 * at the first command, and waits for the shell's {@link SessionFactory} itself.
 */
final class HeadlessShell {

    private final BundleContext context;
    private final Duration timeout;

    HeadlessShell(BundleContext context, Duration timeout) {
        this.context = context;
        this.timeout = timeout;
    }

    /** What the command printed, and its result if it returned one; {@code input} is what it reads. */
    String run(String user, Set<String> roles, String command, String input) throws Exception {
        ServiceReference<SessionFactory> reference = sessionFactory();
        SessionFactory factory = context.getService(reference);
        if (factory == null) {
            throw new IllegalStateException("the shell's SessionFactory went away");
        }
        try {
            return run(factory, user, roles, command, input);
        } finally {
            context.ungetService(reference);
        }
    }

    private static String run(SessionFactory factory, String user, Set<String> roles, String command, String input)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = factory.create(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, out);
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        roles.forEach(role -> subject.getPrincipals().add(new RolePrincipal(role)));
        try {
            Object result = Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
            if (result != null) {
                out.println(result);
            }
        } catch (PrivilegedActionException failed) {
            // a command's refusal: Karaf's console prints its one line, as the SSH shell and bin/client show it
            if (failed.getCause() instanceof CommandException refusal) {
                out.println(refusal.getNiceHelp());
            } else {
                throw failed;
            }
        } finally {
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private ServiceReference<SessionFactory> sessionFactory() throws InterruptedException {
        AtomicReference<ServiceReference<SessionFactory>> found = new AtomicReference<>();
        QenexTestSupport.await("the shell's SessionFactory", timeout, () -> {
            found.set(context.getServiceReference(SessionFactory.class));
            return found.get() != null;
        });
        return found.get();
    }
}
