package org.qenex.chain.internal.http;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.ledger.AccountProof;
import org.qenex.chain.internal.ledger.AccountSummary;
import org.qenex.chain.internal.ledger.TransactionLocation;
import org.qenex.chain.internal.state.AccountTree;
import org.qenex.chain.internal.state.StateCommitment;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionKind;

/** The JSON shapes of the chain's REST API: amounts in base units (integers) and as QXC text. */
final class ChainJson {

    private static final HexFormat HEX = HexFormat.of();

    private ChainJson() {
    }

    /**
     * The confirmations at which a block, and every transaction in it, is final: {@code finalityDepth + 1}.
     * Confirmations count the block itself (a transaction in the head block has 1); a reorganisation may
     * undo at most {@code finalityDepth} blocks (chain-format.md, "Finality"), so only those with more
     * confirmations can never be undone.
     */
    static long finalConfirmations(int finalityDepth) {
        return finalityDepth + 1L;
    }

    static boolean isFinal(long confirmations, int finalityDepth) {
        return confirmations >= finalConfirmations(finalityDepth);
    }

    static Map<String, Object> block(Block b, long headHeight, int finality, boolean withTransactions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chainId", b.header().chainId());
        m.put("height", b.height());
        m.put("hash", b.hashHex());
        m.put("previousHash", HEX.formatHex(b.header().previousHash()));
        m.put("timestampMillis", b.header().timestampMillis());
        m.put("producer", b.height() == 0 ? null : Address.ofPublicKey(b.header().producerKey()));
        m.put("txRoot", HEX.formatHex(b.header().txRoot()));
        m.put("mintRoot", HEX.formatHex(b.header().mintRoot()));
        m.put("stateCommitment", HEX.formatHex(b.header().stateCommitment()));
        m.put("size", b.size());
        long confirmations = headHeight - b.height() + 1;
        m.put("confirmations", confirmations);
        m.put("final", isFinal(confirmations, finality));
        m.put("transactionCount", b.transactions().size());
        List<Object> txs = new ArrayList<>();
        for (Transaction tx : b.transactions()) {
            txs.add(withTransactions ? transaction(tx) : tx.idHex());
        }
        m.put("transactions", txs);
        List<Object> mints = new ArrayList<>();
        for (MintEntry mint : b.mints()) {
            Map<String, Object> e = new LinkedHashMap<>();
            ImprovementProof proof = mint.proof();
            e.put("proofId", mint.proofId());
            e.put("contributor", proof.contributor());
            e.put("bestGainPpm", proof.bestGainPpm());
            e.put("versionHash", proof.versionHash());
            e.put("parentVersionHash", proof.parentVersionHash());
            e.put("predictionFingerprint", proof.predictionFingerprint());
            e.put("reward", mint.reward());
            e.put("rewardQxc", Qxc.format(mint.reward()));
            mints.add(e);
        }
        m.put("mints", mints);
        return m;
    }

    static Map<String, Object> transaction(Transaction tx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", tx.idHex());
        m.put("kind", tx.kind() == TransactionKind.TRANSFER ? "transfer" : "set-parent");
        m.put("chainId", tx.chainId());
        m.put("from", tx.sender().address());
        if (tx.kind() == TransactionKind.TRANSFER) {
            m.put("to", tx.recipient().address());
            m.put("amount", tx.amount());
            m.put("amountQxc", Qxc.format(tx.amount()));
        } else {
            m.put("parent", tx.parent().address());
        }
        m.put("fee", tx.fee());
        m.put("nonce", tx.nonce());
        m.put("size", tx.size());
        m.put("hex", HEX.formatHex(tx.encoded()));
        return m;
    }

    static Map<String, Object> confirmed(TransactionLocation at, int finality) {
        Map<String, Object> m = transaction(at.transaction());
        where(m, at, finality);
        return m;
    }

    /** A confirmed transaction's status alone, as the public read answers it. */
    static Map<String, Object> status(TransactionLocation at, int finality) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", at.transaction().idHex());
        where(m, at, finality);
        return m;
    }

    private static void where(Map<String, Object> m, TransactionLocation at, int finality) {
        boolean fin = isFinal(at.confirmations(), finality);
        m.put("status", fin ? "final" : "confirmed");
        m.put("blockHeight", at.blockHeight());
        m.put("blockHash", at.blockHashHex());
        m.put("index", at.index());
        m.put("confirmations", at.confirmations());
        m.put("final", fin);
    }

    static Map<String, Object> account(AccountSummary a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", a.id().address());
        m.put("balance", a.balance());
        m.put("balanceQxc", Qxc.format(a.balance()));
        m.put("nonce", a.confirmedNonce());
        m.put("nextNonce", a.nonce());
        m.put("parent", a.parent() == null ? null : a.parent().address());
        m.put("children", a.children().stream().map(AccountId::address).toList());
        return m;
    }

    /** docs/chain-format.md "Account proofs": everything a checker needs, hex for bytes. */
    static Map<String, Object> proof(AccountProof p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", p.id().address());
        m.put("accountId", p.id().hex());
        m.put("key", HEX.formatHex(AccountTree.key(p.id())));
        m.put("included", p.included());
        m.put("balance", p.account().balance());
        m.put("nonce", p.account().nonce());
        m.put("parent", p.account().parent() == null ? null : p.account().parent().address());
        if (p.included()) {
            m.put("record", HEX.formatHex(p.account().encode()));
            m.put("terminal", "leaf");
        } else if (p.other() != null) {
            m.put("terminal", "other");
            m.put("otherKey", HEX.formatHex(AccountTree.key(p.other())));
            m.put("otherRecord", HEX.formatHex(p.otherAccount().encode()));
        } else {
            m.put("terminal", "empty");
        }
        m.put("siblings", p.siblings().stream().map(HEX::formatHex).toList());
        StateCommitment c = p.commitment();
        m.put("accountsRoot", HEX.formatHex(c.accountsRoot()));
        m.put("minted", c.minted());
        m.put("proofsRoot", HEX.formatHex(c.proofsRoot()));
        m.put("modelTip", HEX.formatHex(c.modelTip()));
        m.put("versionsRoot", HEX.formatHex(c.versionsRoot()));
        m.put("stateCommitment", HEX.formatHex(p.block().header().stateCommitment()));
        m.put("height", p.block().height());
        m.put("blockHash", p.block().hashHex());
        return m;
    }
}
