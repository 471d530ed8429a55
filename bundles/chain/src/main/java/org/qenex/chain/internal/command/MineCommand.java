package org.qenex.chain.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.production.Mining;
import org.qenex.chain.internal.production.MiningStatus;

@Command(scope = "qenex", name = "mine", description = "Starts or stops block production and improvement mining, or shows what it did.")
@Service
public class MineCommand implements Action {

    @Reference
    private Mining mining;

    @Argument(index = 0, name = "action", required = true, description = "start [CONTRIBUTOR-ADDRESS] | stop | status")
    @Completion(value = StringsCompleter.class, values = {"start", "stop", "status"})
    private String action;

    @Argument(index = 1, name = "contributor", description = "For start: the address improvement rewards go to")
    private String contributor;

    @Override
    public Object execute() {
        MiningStatus s;
        try {
            s = switch (action) {
                case "start" -> mining.start(contributor);
                case "stop" -> mining.stop();
                case "status" -> mining.status();
                default -> throw new IllegalArgumentException("unknown action " + action + "; use start, stop or status");
            };
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return null;
        }
        System.out.println("Mining:          " + (s.running() ? "running, a block every " + s.intervalMillis() + " ms" : "stopped"));
        System.out.println("Contributor:     " + (s.contributor().isEmpty() ? "-" : s.contributor()));
        System.out.println("Blocks produced: " + s.blocksProduced());
        System.out.println("Proofs rewarded: " + s.proofsRewarded());
        System.out.println("Coins minted:    " + Qxc.format(s.unitsMinted()) + " QXC");
        System.out.println("Improver:        " + (s.improverPresent() ? "present" : "absent (no proofs to carry)"));
        System.out.println("Verifier:        " + (s.verifierPresent() ? "present" : "absent (nothing can be minted)"));
        if (!s.lastError().isEmpty()) {
            System.out.println("Last error:      " + s.lastError());
        }
        return null;
    }
}
