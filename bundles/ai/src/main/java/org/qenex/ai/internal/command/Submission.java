package org.qenex.ai.internal.command;

import java.io.PrintStream;
import java.util.Arrays;

import org.qenex.ai.internal.candidate.SignedCandidate;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.spec.SpecRejectedException;
import org.qenex.api.improvement.ContributorKeys;

/**
 * {@code qenex:ai submit WALLET 'JSON'}: the node wallet signs the candidate for the latest
 * version (its key unlocked by the passphrase for this one signature), and the candidate is
 * queued, judged in the background, under the same limits as REST for the shell session's user
 * (a console is no way around them).
 */
final class Submission {

    private Submission() {
    }

    static void submit(ModelNode node, Submitter user, ContributorKeys keys, String wallet, char[] passphrase,
            String specification, PrintStream out) {
        try {
            if (keys == null) {
                throw new SpecRejectedException(SpecRejectedException.UNSIGNED,
                        "this node has no wallets to sign with (the chain is not running)");
            }
            node.model().specs().parse(specification);
            String parent = node.model().versions().latestHash();
            var record = node.submit(user, new SignedCandidate(specification, parent,
                    keys.sign(wallet, passphrase, parent, specification)));
            out.println(record.id() + " queued for " + record.contributor() + "; see qenex:ai status or GET /api/v1/ai/candidates/"
                    + record.id());
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }
}
