package org.qenex.network.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.qenex.api.network.NetworkStatus;
import org.qenex.api.network.PeerNetwork;
import org.qenex.api.network.SyncStatus;

@Command(scope = "qenex", name = "network", description = "The network's state: connections, and whether the chain is in "
        + "sync with the peers' (height, target, blocks/s, ETA).")
@Service
public class NetworkCommand implements Action {

    @Reference
    private PeerNetwork network;

    @Argument(index = 0, name = "action", description = "status (default)")
    @Completion(value = StringsCompleter.class, values = {"status"})
    private String action = "status";

    @Override
    public Object execute() throws CommandException {
        if (!"status".equals(action)) {
            String refusal = "unknown action " + action + "; use status";
            throw new CommandException(refusal, refusal);
        }
        NetworkStatus s = network.status();
        SyncStatus sync = s.sync();
        System.out.println("Chain:     " + s.chainId() + ", genesis " + s.genesisHash());
        System.out.println("Listening: " + (s.listening() ? s.bindAddress() + ":" + s.port() : "no"));
        System.out.println("Peers:     " + s.outbound() + "/" + s.outboundTarget() + " outbound, " + s.inbound() + "/"
                + s.inboundLimit() + " inbound, " + s.bannedHosts() + " banned");
        System.out.println("Height:    " + sync.height() + " of " + sync.targetHeight() + " (best peer)");
        String state = sync.syncing() ? "catching up" : "idle";
        System.out.println("Sync:      " + (sync.inSync() ? "in sync" : "behind by " + (sync.targetHeight() - sync.height())
                + " blocks (in sync within " + sync.maxBlocksBehind() + ")") + ", " + state);
        if (sync.blocksPerSecond() > 0) {
            System.out.printf(java.util.Locale.ROOT, "Rate:      %.1f blocks/s%s%n", sync.blocksPerSecond(),
                    sync.etaSeconds() >= 0 ? ", about " + sync.etaSeconds() + " s left" : "");
        }
        if (!sync.refusedBranch().isEmpty()) {
            System.out.println("Refused:   " + sync.refusedBranch());
        }
        return null;
    }
}
