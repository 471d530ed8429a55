package org.qenex.chain.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.production.Mining;
import org.qenex.chain.internal.production.MiningStatus;
import org.qenex.chain.internal.wallet.MiningKeys;

@Command(scope = "qenex", name = "mine", description = "Starts or stops the search for model improvements (credited to a"
        + " contributor), or shows it and the node's block production (a validator produces its turns without being asked).")
@Service
public class MineCommand implements Action {

    @Reference
    private Mining mining;

    @Reference
    private MiningKeys keys;

    @Reference
    private Session session;

    @Argument(index = 0, name = "action", required = true, description = "start [WALLET | CONTRIBUTOR-ADDRESS] | stop | status")
    @Completion(value = StringsCompleter.class, values = {"start", "stop", "status"})
    private String action;

    @Argument(index = 1, name = "contributor", description = "For start: the node wallet (unlocked, so that the improver's"
            + " candidates carry its signature) or the address improvement rewards go to")
    private String contributor;

    // censor: Karaf masks the value on screen and in the shell history file
    @Option(name = "--passphrase", censor = true, description = "start WALLET: the wallet's passphrase (asked for when omitted)")
    private String passphrase;

    @Override
    public Object execute() throws Exception {
        MiningStatus s;
        try {
            s = switch (action) {
                case "start" -> mining.start(unlockedContributor());
                case "stop" -> {
                    MiningStatus stopped = mining.stop();
                    keys.lockAll();
                    yield stopped;
                }
                case "status" -> mining.status();
                default -> throw new IllegalArgumentException("unknown action " + action + "; use start, stop or status");
            };
        } catch (IllegalArgumentException | SecurityException e) {
            throw new CommandException(e.getMessage(), e.getMessage());
        }
        System.out.println("Mining:          " + (s.running() ? "running (the improver searches for improvements)" : "stopped"));
        System.out.println("Production:      " + (s.validator()
                ? "validator, taking turns with " + (s.validators() - 1) + " others, a slot every " + s.intervalMillis() + " ms"
                : "follower (not a genesis validator: produces nothing)"));
        if (!s.waiting().isEmpty()) {
            System.out.println("Producing:       " + s.waiting());
        }
        System.out.println("Contributor:     " + (s.contributor().isEmpty() ? "-" : s.contributor()));
        System.out.println("Blocks produced: " + s.blocksProduced());
        System.out.println("Proofs rewarded: " + s.proofsRewarded());
        System.out.println("Coins minted:    " + Qxc.format(s.unitsMinted()) + " QXC");
        System.out.println("Improver:        " + (s.improverPresent() ? "present" : "absent (no proofs to carry)"));
        System.out.println("Verifier:        " + (s.verifierPresent() ? "present" : "absent (nothing can be minted)"));
        if (s.running() && !s.contributor().isEmpty() && !keys.isUnlocked(s.contributor())) {
            System.out.println("Signing:         locked: the improver proposes for " + s.contributor() + " only once its"
                    + " node wallet is unlocked (qenex:mine start WALLET)");
        }
        if (!s.lastError().isEmpty()) {
            System.out.println("Last error:      " + s.lastError());
        }
        return null;
    }

    /** A wallet name is unlocked for unattended candidate signing and stands for its address; an address is kept. */
    private String unlockedContributor() throws java.io.IOException {
        if (contributor == null || contributor.isBlank() || Address.isValid(contributor)) {
            return contributor;
        }
        char[] secret = Passphrases.read(session, passphrase, "Passphrase of " + contributor + ": ");
        try {
            return keys.unlock(contributor, secret);
        } finally {
            java.util.Arrays.fill(secret, '\0');
        }
    }
}
