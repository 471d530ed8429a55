package org.qenex.chain.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.chain.ChainView;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.IncidentLog;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementVerifier;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.Store;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.ChainException;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.GenesisFile;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.ledger.AccountSummary;
import org.qenex.chain.internal.ledger.ChainNode;
import org.qenex.chain.internal.ledger.ImportOutcome;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.ledger.TransactionLocation;
import org.qenex.chain.internal.ledger.VerifyReport;

/**
 * The node's ledger over the node's {@link Store}. The {@link ImprovementVerifier} is optional and
 * dynamic: without one no proof counts as verified, so blocks carrying mints are refused and
 * none are produced. Verdicts are remembered by proof id (valid ones only, so a proof refused
 * while the verifier was missing can be verified later).
 */
@Component(service = {Ledger.class, ChainView.class, HealthCheck.class}, configurationPid = "org.qenex.chain",
        property = HealthCheck.NAME + "=chain")
@Designate(ocd = ChainConfiguration.class)
public final class ChainComponent implements Ledger, ChainView, HealthCheck {

    private static final System.Logger LOG = System.getLogger(ChainComponent.class.getName());
    private static final int VERDICT_CACHE = 10_000;

    private final ChainNode node;
    private final Map<String, Boolean> verifiedProofs = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > VERDICT_CACHE;
        }
    });

    // greedy: the highest-ranked implementation wins, so a plugin can replace the AI bundle's at run time
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImprovementVerifier verifier;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile IncidentLog incidents;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Activate
    public ChainComponent(@Reference Store store, ChainConfiguration config, BundleContext context) throws IOException {
        Path dir = chainDir(context);
        KeyPair nodeKey = NodeKeyFile.loadOrCreate(dir.resolve("node.key"), new SecureRandom());
        ChainParameters params = genesis(config, dir, nodeKey);
        this.node = new ChainNode(params, store, nodeKey, this::verified, System::currentTimeMillis,
                new ChainNode.Limits(config.mempoolMaxTransactions(), config.mempoolMaxPerSender(),
                        config.signatureCacheEntries()));
        String note = node.open();
        node.chain().addListener(new BlockEvents(() -> eventAdmin));
        LOG.log(System.Logger.Level.INFO, "chain " + params.chainId() + ": " + note);
        if (note.contains("rebuilt") || note.contains("interrupted")) {
            IncidentLog log = incidents;
            if (log != null) {
                log.report("chain", HealthStatus.DEGRADED, note, "checked the state against the head at start",
                        "the ledger is consistent again");
            }
        }
    }

    /** Stores the mempool's queued deletes, so the next start has less to check again. */
    @Deactivate
    void deactivate() {
        try {
            node.flush();
        } catch (StorageException e) {
            // the store went first: the next start checks every stored transaction anyway
            LOG.log(System.Logger.Level.INFO, "mempool deletes not stored at stop: " + e.getMessage());
        }
    }

    /** {@code ${karaf.data}/qenex/chain}: the node key, the genesis file, whether mining was on. */
    public static Path chainDir(BundleContext context) {
        String data = context.getProperty("karaf.data");
        return Path.of(data == null ? "data" : data, "qenex", "chain");
    }

    private static ChainParameters genesis(ChainConfiguration config, Path dir, KeyPair nodeKey) throws IOException {
        Path file = config.genesisFile().isBlank() ? dir.resolve("genesis.json") : Path.of(config.genesisFile());
        if (!Files.exists(file)) {
            ChainParameters fresh = ChainParameters.defaults(config.chainId(), System.currentTimeMillis(),
                    List.of(HexFormat.of().formatHex(nodeKey.publicKey())));
            GenesisFile.write(file, fresh);
            LOG.log(System.Logger.Level.INFO, "created a single-node genesis file " + file);
        }
        return GenesisFile.read(file);
    }

    private boolean verified(ImprovementProof proof) {
        String id = proof.id();
        if (verifiedProofs.containsKey(id)) {
            return true;
        }
        ImprovementVerifier current = verifier;
        if (current == null) {
            return false;
        }
        boolean valid = current.verify(proof).valid();
        if (valid) {
            verifiedProofs.put(id, Boolean.TRUE);
        }
        return valid;
    }

    /** Whether an {@link ImprovementVerifier} is bound, so that minting is possible. */
    public boolean canVerifyProofs() {
        return verifier != null;
    }

    @Override
    public HealthResult check() {
        Block head = node.head();
        long age = System.currentTimeMillis() - head.header().timestampMillis();
        return HealthResult.up("head " + head.height() + " (" + age / 1000 + " s old), " + node.mempoolSize() + " pending"
                + (verifier == null ? ", no improvement verifier: no minting" : ""));
    }

    @Override
    public ChainParameters parameters() {
        return node.parameters();
    }

    @Override
    public Block head() {
        return node.head();
    }

    @Override
    public Optional<Block> blockAt(long height) {
        return node.blockAt(height);
    }

    @Override
    public Optional<Block> block(byte[] hash) {
        return node.block(hash);
    }

    @Override
    public Optional<TransactionLocation> transaction(byte[] id) {
        return node.transaction(id);
    }

    @Override
    public boolean isPending(byte[] id) {
        return node.isPending(id);
    }

    @Override
    public AccountSummary account(AccountId id) {
        return node.account(id);
    }

    @Override
    public byte[] submit(byte[] encoded) throws ChainException {
        return node.submit(encoded);
    }

    @Override
    public long minted() {
        return node.minted();
    }

    @Override
    public int mempoolSize() {
        return node.mempoolSize();
    }

    @Override
    public Block produceBlock(List<ImprovementProof> proofs) throws ChainException {
        return node.produceBlock(proofs);
    }

    @Override
    public ImportOutcome importBlock(byte[] encoded) throws ChainException {
        return node.importBlock(encoded);
    }

    @Override
    public boolean verifyProof(ImprovementProof proof) {
        return verified(proof);
    }

    @Override
    public boolean isRewarded(String proofId) {
        return node.isRewarded(proofId);
    }

    @Override
    public boolean isSpent(ImprovementProof proof) {
        return node.isSpent(proof);
    }

    @Override
    public String modelTip() {
        return node.modelTip();
    }

    @Override
    public VerifyReport verify() {
        return node.verify();
    }

    @Override
    public AccountId nodeAccount() {
        return node.nodeAccount();
    }

    // ---- ChainView: the read-only view plugins get -------------------------------------

    @Override
    public String chainId() {
        return node.parameters().chainId();
    }

    @Override
    public long height() {
        return node.head().height();
    }

    @Override
    public String headHash() {
        return node.head().hashHex();
    }

    @Override
    public long mintedUnits() {
        return node.minted();
    }

    @Override
    public long maxSupplyUnits() {
        return node.parameters().maxSupply();
    }

    @Override
    public int pendingTransactions() {
        return node.mempoolSize();
    }

    @Override
    public long balanceUnits(String address) {
        return node.account(Address.parse(address)).balance();
    }
}
