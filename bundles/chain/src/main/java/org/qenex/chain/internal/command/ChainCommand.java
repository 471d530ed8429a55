package org.qenex.chain.internal.command;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.ledger.AccountSummary;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.ledger.TransactionLocation;
import org.qenex.chain.internal.ledger.VerifyReport;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionKind;

@Command(scope = "qenex", name = "chain", description = "Shows the ledger's head, a block, a transaction or an account, "
        + "or re-validates the whole stored chain from genesis.")
@Service
public class ChainCommand implements Action {

    @Reference
    private Ledger ledger;

    @Argument(index = 0, name = "what", required = true,
            description = "head | block HEIGHT-OR-HASH | tx ID | account ADDRESS | verify")
    @Completion(value = StringsCompleter.class, values = {"head", "block", "tx", "account", "verify"})
    private String what;

    @Argument(index = 1, name = "key", description = "The height, hash, transaction id or address")
    private String key;

    @Override
    public Object execute() {
        try {
            switch (what) {
                case "head" -> printBlock(ledger.head());
                case "block" -> block();
                case "tx" -> transaction();
                case "account" -> account();
                case "verify" -> verify();
                default -> System.err.println("unknown " + what + "; use head, block, tx, account or verify");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }

    private String key() {
        if (key == null) {
            throw new IllegalArgumentException("missing argument");
        }
        return key;
    }

    private void block() {
        String k = key();
        Optional<Block> block = k.matches("\\d{1,18}") ? ledger.blockAt(Long.parseLong(k)) : ledger.block(HexFormat.of().parseHex(k));
        block.ifPresentOrElse(this::printBlock, () -> System.err.println("no such block: " + k));
    }

    private void printBlock(Block b) {
        System.out.println("Height:       " + b.height());
        System.out.println("Hash:         " + b.hashHex());
        System.out.println("Previous:     " + HexFormat.of().formatHex(b.header().previousHash()));
        System.out.println("Time:         " + Instant.ofEpochMilli(b.header().timestampMillis()));
        System.out.println("Producer:     " + Address.ofPublicKey(b.header().producerKey()));
        System.out.println("State:        " + HexFormat.of().formatHex(b.header().stateCommitment()));
        System.out.println("Size:         " + b.size() + " bytes");
        System.out.println("Transactions: " + b.transactions().size());
        for (MintEntry m : b.mints()) {
            System.out.println("Mint:         " + Qxc.format(m.reward()) + " QXC for proof " + m.proofId());
        }
        System.out.println("Mempool:      " + ledger.mempoolSize() + " pending");
    }

    private void transaction() {
        byte[] id = HexFormat.of().parseHex(key());
        Optional<TransactionLocation> found = ledger.transaction(id);
        if (found.isEmpty()) {
            System.out.println(ledger.isPending(id) ? "pending in the mempool" : "unknown transaction");
            return;
        }
        TransactionLocation at = found.get();
        Transaction tx = at.transaction();
        System.out.println("Id:            " + tx.idHex());
        System.out.println("Kind:          " + tx.kind());
        System.out.println("From:          " + tx.sender());
        if (tx.kind() == TransactionKind.TRANSFER) {
            System.out.println("To:            " + tx.recipient());
            System.out.println("Amount:        " + Qxc.format(tx.amount()) + " QXC");
        } else {
            System.out.println("Parent:        " + tx.parent());
        }
        System.out.println("Fee:           " + Qxc.format(tx.fee()) + " QXC");
        System.out.println("Nonce:         " + tx.nonce());
        System.out.println("Block:         " + at.block().height() + " (" + at.confirmations() + " confirmations"
                + (at.confirmations() > ledger.parameters().finalityDepth() ? ", final)" : ")"));
    }

    private void account() {
        AccountSummary a = ledger.account(Address.parse(key()));
        System.out.println("Address:  " + a.id().address());
        System.out.println("Balance:  " + Qxc.format(a.balance()) + " QXC");
        System.out.println("Nonce:    " + a.confirmedNonce() + " (next " + a.nonce() + ")");
        System.out.println("Parent:   " + (a.parent() == null ? "-" : a.parent().address()));
        System.out.println("Children: " + a.children().size());
        a.children().forEach(c -> System.out.println("  " + c.address()));
    }

    private void verify() {
        VerifyReport r = ledger.verify();
        System.out.println((r.ok() ? "OK: " : "FAILED: ") + r.detail() + " (" + r.blocks() + " blocks, " + r.transactions()
                + " transactions)");
    }
}
