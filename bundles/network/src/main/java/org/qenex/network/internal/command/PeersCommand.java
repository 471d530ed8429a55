package org.qenex.network.internal.command;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.qenex.api.network.BanInfo;
import org.qenex.api.network.KnownAddress;
import org.qenex.api.network.NetworkStatus;
import org.qenex.api.network.PeerInfo;
import org.qenex.api.network.PeerNetwork;
import org.qenex.network.internal.peer.BanTerms;

@Command(scope = "qenex", name = "peers", description = "Lists the connected peers, the address book and the bans; "
        + "adds or removes an address; bans or unbans a peer by node key, IP:port, or a whole IP address.")
@Service
public class PeersCommand implements Action {

    @Reference
    private PeerNetwork network;

    @Argument(index = 0, name = "action", description = "list (default) | add HOST:PORT | remove HOST:PORT | ban KEY|IP:PORT|IP | unban KEY|IP:PORT|IP")
    @Completion(value = StringsCompleter.class, values = {"list", "add", "remove", "ban", "unban"})
    private String action = "list";

    @Argument(index = 1, name = "target", description = "host:port for add and remove; for ban and unban a node key (64 hex digits, the KEY column), "
            + "an IP:port, or an IP address (every peer on it)")
    private String target;

    @Option(name = "--minutes", description = "How long a ban lasts (default 1440)")
    private long minutes = 1440;

    @Option(name = "--reason", description = "Why, for the ban list")
    private String reason = "banned by an operator";

    @Override
    public Object execute() throws CommandException {
        try {
            switch (action) {
                case "list" -> list();
                case "add" -> {
                    network.addPeer(target());
                    System.out.println("added " + target + "; dialing it");
                }
                case "remove" -> System.out.println(network.removePeer(target()) ? "removed " + target : target + " was not known");
                case "ban" -> {
                    network.ban(target(), BanTerms.minutes(minutes), reason);
                    System.out.println("banned " + target + " for " + minutes + " minutes");
                }
                case "unban" -> System.out.println(network.unban(target()) ? "unbanned " + target : target + " was not banned");
                default -> throw new IllegalArgumentException("unknown action " + action + "; use list, add, remove, ban or unban");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), e.getMessage());
        }
        return null;
    }

    private String target() {
        if (target == null) {
            throw new IllegalArgumentException("missing argument: " + (action.endsWith("ban") ? "a node key, IP:port or IP address" : "host:port"));
        }
        return target;
    }

    private void list() {
        NetworkStatus s = network.status();
        System.out.println("Node key:  " + s.nodeKey());
        System.out.println("Listening: " + (s.listening() ? s.bindAddress() + ":" + s.port() : "no"));
        System.out.println("Chain:     " + s.chainId() + ", genesis " + s.genesisHash());
        System.out.println("Peers:     " + s.outbound() + "/" + s.outboundTarget() + " outbound, " + s.inbound() + "/"
                + s.inboundLimit() + " inbound");
        System.out.println();
        // the whole key: it is what a ban names
        System.out.printf("%-24s %-4s %8s %5s %-24s %s%n", "ADDRESS", "DIR", "HEIGHT", "SCORE", "SINCE", "KEY");
        for (PeerInfo p : network.peers()) {
            System.out.printf("%-24s %-4s %8d %5d %-24s %s%n", p.address(), p.outbound() ? "out" : "in", p.headHeight(),
                    p.score(), Instant.ofEpochMilli(p.connectedAtMillis()), p.nodeKey());
        }
        System.out.println();
        System.out.printf("%-24s %-8s %-8s %8s%n", "KNOWN ADDRESS", "SOURCE", "VERIFIED", "FAILURES");
        for (KnownAddress a : network.addresses()) {
            System.out.printf("%-24s %-8s %-8s %8d%n", a.address(), a.source(), a.verified() ? "yes" : "no", a.failures());
        }
        if (!network.bans().isEmpty()) {
            System.out.println();
            // a node key, an IP:port or a whole IP: the full key, so it can be pasted into unban
            System.out.printf("%-64s %-24s %s%n", "BANNED", "UNTIL", "REASON");
            for (BanInfo b : network.bans()) {
                System.out.printf("%-64s %-24s %s%n", b.host(), Instant.ofEpochMilli(b.untilMillis()), b.reason());
            }
        }
    }
}
