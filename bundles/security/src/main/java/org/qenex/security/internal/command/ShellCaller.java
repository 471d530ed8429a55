package org.qenex.security.internal.command;

import java.security.AccessController;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Set;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/** The user running a shell command, as the Karaf shell's JAAS subject says. */
record ShellCaller(String name, Set<String> roles) {

    @SuppressWarnings("removal") // Subject.current() needs Java 18; Karaf 4.4 runs commands in Subject.doAs
    static ShellCaller current() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject == null) {
            throw new IllegalStateException("no logged-in user in this shell session");
        }
        String name = null;
        Set<String> roles = new LinkedHashSet<>();
        for (Principal p : subject.getPrincipals()) {
            if (p instanceof UserPrincipal) {
                name = p.getName();
            } else if (p instanceof RolePrincipal) {
                roles.add(p.getName());
            }
        }
        if (name == null) {
            throw new IllegalStateException("no logged-in user in this shell session");
        }
        return new ShellCaller(name, roles);
    }
}
