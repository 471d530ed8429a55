package org.qenex.ai.internal.command;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.ShellUtil;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.qenex.ai.internal.candidate.RateLimitedException;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.eval.CandidateRejectedException;
import org.qenex.ai.internal.node.Improver;
import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.node.TaskCatalog;
import org.qenex.ai.internal.spec.SpecRejectedException;
import org.qenex.api.improvement.ContributorKeys;

@Command(scope = "qenex", name = "ai",
        description = "The cumulative model: status, tasks, versions, submit, evaluate, verify, improver.")
@Service
public class AiCommand implements Action {

    static final String USAGE = "status | tasks | versions | submit WALLET 'JSON' | evaluate 'JSON' | verify"
            + " | improver start|stop|status";

    @Reference
    private ModelNode node;

    @Reference
    private Improver improver;

    @Reference
    private TaskCatalog catalog;

    // the chain's node wallets sign submitted candidates; absent without the chain
    @Reference(optional = true)
    private ContributorKeys keys;

    @Reference(optional = true)
    private Session session;

    // censor: Karaf masks the value on screen and in the shell history file
    @Option(name = "--passphrase", censor = true, description = "submit: the wallet's passphrase (asked for when omitted)")
    private String passphrase;

    @Argument(index = 0, name = "action", required = true, description = USAGE)
    @Completion(value = StringsCompleter.class,
            values = {"status", "tasks", "versions", "submit", "evaluate", "verify", "improver"})
    private String action;

    @Argument(index = 1, name = "arguments", multiValued = true, description = "The action's arguments")
    private List<String> arguments = List.of();

    /** The session's user: from its JAAS subject in the shell; given by tests. */
    private Supplier<String> currentUser = ShellUtil::getCurrentUserName;

    /** For the shell, which injects the fields. */
    public AiCommand() {
    }

    AiCommand(ModelNode node, Improver improver, TaskCatalog catalog, ContributorKeys keys, String passphrase,
            Supplier<String> currentUser) {
        this.node = node;
        this.improver = improver;
        this.catalog = catalog;
        this.keys = keys;
        this.passphrase = passphrase;
        this.currentUser = currentUser;
    }

    @Override
    public Object execute() throws CommandException {
        // a refusal is the command's failure: thrown, Karaf shows it even to bin/client -b and ssh host cmd,
        // which do not pass a command's error stream on, and ends the command with an error status
        ByteArrayOutputStream refusal = new ByteArrayOutputStream();
        run(action, arguments, System.out, new PrintStream(refusal, true, StandardCharsets.UTF_8));
        if (refusal.size() > 0) {
            String message = refusal.toString(StandardCharsets.UTF_8).strip();
            throw new CommandException(message, message);
        }
        return null;
    }

    void run(String what, List<String> given, PrintStream out, PrintStream err) {
        List<String> args = given == null ? List.of() : given;
        try {
            switch (what) {
                case "status" -> {
                    expect(what, args);
                    StatusReport.print(node, improver, out);
                }
                case "tasks" -> {
                    expect(what, args);
                    TaskTable.print(catalog, out);
                }
                case "versions" -> {
                    expect(what, args);
                    VersionTable.print(node, out);
                }
                case "submit" -> {
                    expect(what, args, "WALLET", "'JSON'");
                    Submission.submit(node, sessionUser(), keys, args.get(0), passphrase(args.get(0)), args.get(1), out);
                }
                case "evaluate" -> {
                    expect(what, args, "'JSON'");
                    PublicEvaluation.print(node, args.get(0), out);
                }
                case "verify" -> {
                    expect(what, args);
                    ChainVerification.print(node, out);
                }
                case "improver" -> {
                    expect(what, args, "start|stop|status");
                    ImproverSwitch.apply(improver, improverAction(args.get(0)), out);
                }
                default -> throw new IllegalArgumentException("unknown action " + what + "; use " + USAGE);
            }
        } catch (SpecRejectedException e) {
            err.println(e.code() + ": " + e.getMessage());
        } catch (CandidateRejectedException e) {
            err.println(e.code() + ": " + e.getMessage());
        } catch (RateLimitedException e) {
            err.println("rate_limited: " + e.getMessage());
        } catch (SecurityException e) {
            err.println("wrong_passphrase: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
        }
    }

    private char[] passphrase(String wallet) {
        if (passphrase != null) {
            return passphrase.toCharArray();
        }
        String line = null;
        try {
            line = session == null ? null : session.readLine("Passphrase of " + wallet + ": ", '*');
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("no passphrase read: " + e.getMessage(), e);
        }
        if (line == null) {
            throw new IllegalArgumentException("no passphrase given for wallet " + wallet + "; use --passphrase");
        }
        return line.toCharArray();
    }

    /**
     * The shell session's user, from the JAAS subject the session runs as (SSH, {@code bin/client},
     * the web console's shell); a session variable could be set by the user and is not used.
     */
    private Submitter sessionUser() {
        String user = currentUser.get();
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("submit needs a logged-in user; this session has none");
        }
        return Submitter.user(user);
    }

    /** Refuses other than exactly one argument per name. */
    private static void expect(String what, List<String> args, String... names) {
        if (args.size() < names.length) {
            throw new IllegalArgumentException("missing " + names[args.size()] + " for " + what + "; use " + USAGE);
        }
        if (args.size() > names.length) {
            throw new IllegalArgumentException("too many arguments for " + what + "; use " + USAGE);
        }
    }

    private static String improverAction(String sub) {
        if (!ImproverSwitch.ACTIONS.contains(sub)) {
            throw new IllegalArgumentException("unknown improver action " + sub + "; use " + USAGE);
        }
        return sub;
    }
}
