package org.qenex.security.internal.command;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.qenex.security.internal.audit.AuditQuery;
import org.qenex.security.internal.audit.AuditRecord;
import org.qenex.security.internal.audit.AuditTrail;
import org.qenex.security.internal.audit.VerifyReport;

@Command(scope = "qenex", name = "audit", description = "Verifies the hash chain of the audit log, or searches it.")
@Service
public class AuditCommand implements Action {

    @Reference
    private AuditTrail audit;

    @Argument(index = 0, name = "action", required = true, description = "verify | search")
    @Completion(value = StringsCompleter.class, values = {"verify", "search"})
    private String action;

    @Option(name = "--user", description = "search: only actions by this user")
    private String user;

    @Option(name = "--since", description = "search: only records this recent (30s, 10m, 2h, 7d) or after an ISO-8601 time")
    private String since;

    @Option(name = "--grep", description = "search: only records containing this text (case-insensitive)")
    private String text;

    @Option(name = "-n", description = "search: at most this many, the newest (default 50)")
    private int count = 50;

    /** Karaf reads options only before the first argument; these let them follow the action too. */
    @Argument(index = 1, name = "options", multiValued = true,
            description = "search: --user U, --since AGE, --grep TEXT, -n N may also follow the action")
    private List<String> trailing;

    @Override
    public Object execute() throws IOException, CommandException {
        switch (action) {
            case "verify" -> {
                if (trailing != null) {
                    throw new CommandException("verify takes no arguments", "verify takes no arguments");
                }
                verify();
            }
            case "search" -> search();
            default -> {
                String refusal = "unknown action " + action + "; use verify or search";
                throw new CommandException(refusal, refusal);
            }
        }
        return null;
    }

    private void verify() throws IOException {
        VerifyReport report = audit.verify();
        System.out.println("Audit log: " + audit.location());
        System.out.println("Records:   " + report.records());
        System.out.println("Head:      #" + report.head().sequence() + " " + report.head().hash());
        System.out.println("Verdict:   " + report.status().name().toLowerCase());
        if (!report.problem().isEmpty()) {
            System.out.println("Problem:   " + report.problem());
        }
        if (audit.lost() > 0) {
            System.out.println("Lost:      " + audit.lost() + " record(s) could not be written since the node started (see the log)");
        }
        if (!report.intact()) {
            // A non-zero exit for scripts: the command fails when the chain is not intact.
            throw new IllegalStateException("the audit log is " + report.status().name().toLowerCase() + ": " + report.problem());
        }
    }

    private void search() throws IOException, CommandException {
        AuditQuery query;
        try {
            readTrailingOptions();
            query = new AuditQuery(user, AuditQuery.since(since, Instant.now()), text, count);
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), e.getMessage());
        }
        List<AuditRecord> records = audit.search(query);
        for (AuditRecord record : records) {
            var e = record.entry();
            System.out.println("#" + record.sequence() + " " + record.time() + " " + e.actor() + "@" + e.address()
                    + " [" + e.route() + "] " + e.action() + " -> " + e.outcome()
                    + (e.detail().isEmpty() ? "" : " (" + e.detail() + ")"));
        }
        System.out.println(records.size() + " record(s)");
    }

    private void readTrailingOptions() {
        if (trailing == null) {
            return;
        }
        for (int i = 0; i < trailing.size(); i += 2) {
            String name = trailing.get(i);
            if (i + 1 >= trailing.size()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = trailing.get(i + 1);
            switch (name) {
                case "--user" -> user = value;
                case "--since" -> since = value;
                case "--grep" -> text = value;
                case "-n" -> count = number(value);
                default -> throw new IllegalArgumentException("unknown option " + name + "; use --user, --since, --grep or -n");
            }
        }
    }

    private static int number(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-n needs a whole number, was " + value);
        }
    }
}
