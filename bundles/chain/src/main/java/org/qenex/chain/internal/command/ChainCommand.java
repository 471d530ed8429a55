package org.qenex.chain.internal.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.qenex.api.node.NodeContext;
import org.qenex.api.storage.InvalidInputException;
import org.qenex.chain.internal.NodeKeyFile;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.GenesisFile;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.ledger.AccountSummary;
import org.qenex.chain.internal.ledger.GenesisBlock;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.ledger.TransactionLocation;
import org.qenex.chain.internal.ledger.VerifyReport;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionKind;

@Command(scope = "qenex", name = "chain", description = "Shows the ledger's head, a block, a transaction or an account, "
        + "re-validates the whole stored chain from genesis, prints this node's validator key, or writes a network's genesis file.")
@Service
public class ChainCommand implements Action {

    // optional: a node waiting for its network's genesis file has no ledger, yet must print its key
    @Reference(optional = true)
    private Ledger ledger;

    @Reference
    private NodeContext context;

    @Argument(index = 0, name = "what", required = true,
            description = "head | block HEIGHT-OR-HASH | tx ID | account ADDRESS | verify | validator-key | genesis")
    @Completion(value = StringsCompleter.class, values = {"head", "block", "tx", "account", "verify", "validator-key", "genesis"})
    private String what;

    @Argument(index = 1, name = "key", description = "The height, hash, transaction id or address")
    private String key;

    @Option(name = "--chain-id", description = "genesis: the network's chain id (1 to 32 of [a-z0-9-])")
    private String chainId;

    @Option(name = "--validator", multiValued = true, description = "genesis: a validator's key (qenex:chain validator-key on"
            + " that node); repeat for each, in turn order")
    private List<String> validators;

    @Option(name = "--interval", description = "genesis: the block interval (slot length) in ms; default 5000")
    private long intervalMillis = 5_000;

    @Option(name = "--out", description = "genesis: the file to write (refused if it exists)")
    private String out;

    @Override
    public Object execute() throws IOException, CommandException {
        try {
            switch (what) {
                case "validator-key" -> validatorKey();
                case "genesis" -> genesis();
                case "head", "block", "tx", "account", "verify" -> query();
                default -> throw new IllegalArgumentException("unknown " + what + "; use head, block, tx, account, verify, validator-key or genesis");
            }
        } catch (IllegalArgumentException | InvalidInputException e) {
            // a key too long for the store, or none, is the user's mistake too: one line, no stack trace in the log
            throw new CommandException(e.getMessage(), e.getMessage());
        }
        return null;
    }

    private void query() {
        if (ledger == null) {
            throw new IllegalArgumentException("the chain is not running (is its genesis file missing? see the log)");
        }
        switch (what) {
            case "head" -> printBlock(ledger.head());
            case "block" -> block();
            case "tx" -> transaction();
            case "account" -> account();
            default -> verify();
        }
    }

    /** The key the node signs its blocks with: what a network's genesis lists for a validator. */
    private void validatorKey() throws IOException {
        KeyPair nodeKey = NodeKeyFile.loadOrCreate(context.dataFolder().resolve(NodeKeyFile.NAME), new SecureRandom());
        System.out.println(HexFormat.of().formatHex(nodeKey.publicKey()));
        if (ledger != null) {
            boolean validator = ledger.parameters().isValidator(nodeKey.publicKey());
            System.err.println("(chain " + ledger.parameters().chainId() + ": this node is " + (validator ? "a validator" : "a follower")
                    + ", account " + nodeKey.account() + ")");
        }
    }

    private void genesis() throws IOException {
        if (chainId == null || validators == null || validators.isEmpty() || out == null) {
            throw new IllegalArgumentException("genesis needs --chain-id, --validator (one or more) and --out");
        }
        Path file = Path.of(out);
        if (Files.exists(file)) {
            throw new IllegalArgumentException(file + " exists: a network's genesis is written once; choose another --out");
        }
        ChainParameters params = GenesisFile.forNetwork(chainId, validators, intervalMillis, System.currentTimeMillis());
        GenesisFile.write(file, params);
        System.out.println("Wrote " + file.toAbsolutePath() + ": chain " + params.chainId() + ", " + params.validators().size()
                + " validators, a block every " + params.blockIntervalMillis() + " ms, genesis block "
                + GenesisBlock.of(params).hashHex());
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
        printBlock(block.orElseThrow(() -> new IllegalArgumentException("no such block: " + k)));
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
        System.out.println("Block:         " + at.blockHeight() + " (" + at.confirmations() + " confirmations"
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
