package org.qenex.chain.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.chain.ChainView;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.IncidentLog;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementVerifier;
import org.qenex.api.improvement.VerificationResult;
import org.qenex.api.node.NodeContext;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.Store;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockCodec;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.GenesisFile;
import org.qenex.chain.internal.consensus.ProofCheck;
import org.qenex.chain.internal.consensus.SignatureCache;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.ledger.AccountProof;
import org.qenex.chain.internal.ledger.AccountSummary;
import org.qenex.chain.internal.ledger.Blockchain;
import org.qenex.chain.internal.ledger.ChainDatabase;
import org.qenex.chain.internal.ledger.ImportOutcome;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.ledger.LedgerWatcher;
import org.qenex.chain.internal.ledger.Submission;
import org.qenex.chain.internal.ledger.TransactionLocation;
import org.qenex.chain.internal.ledger.VerifyReport;
import org.qenex.chain.internal.mempool.DurablePool;
import org.qenex.chain.internal.mempool.Mempool;
import org.qenex.chain.internal.production.BlockAssembler;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.LedgerView;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's ledger: the chain, its mempool and the block assembler wired over one {@link Store}.
 * It is the DS component itself (the container builds it from the node's store, data folder and
 * configuration); tests build it with the same parts from a fixed key, clock and proof check.
 * It sits above the {@code ledger}, {@code mempool} and {@code production} packages so that none
 * of them needs another's wiring (they would form package cycles otherwise).
 *
 * <p>The {@link ImprovementVerifier} is optional and dynamic: without one no proof counts as
 * verified, so blocks carrying mints are refused and none are produced. The chain keeps no
 * verdicts: the verifier remembers them by proof id.
 */
@Component(service = {Ledger.class, ChainView.class, HealthCheck.class}, configurationPid = "org.qenex.chain",
        property = HealthCheck.NAME + "=chain")
@Designate(ocd = ChainConfiguration.class)
public final class ChainNode implements Ledger, ChainView, HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ChainNode.class);

    /** Sizes that are not consensus parameters. */
    public record Limits(int mempoolTransactions, int mempoolPerSender, int signatureCache) {
        public static final Limits DEFAULT = new Limits(50_000, 256, 200_000);
    }

    private final ChainParameters params;
    private final KeyPair nodeKey;
    private final ProofCheck proofs;
    private final LongSupplier clock;
    private final Blockchain chain;
    private final DurablePool pool;
    private final Mempool mempool;
    private final BlockAssembler assembler;
    private final List<LedgerWatcher> watchers = new CopyOnWriteArrayList<>();
    /** Makes and posts the block and transaction events, out of the chain's write lock (see {@link BlockEvents}); from activate to deactivate. */
    private ExecutorService eventPoster;
    /**
     * The head as last published, and the genesis block's hash, for the {@link ChainView} reads that
     * health checks, network status and handshakes make: they must answer while a writer holds the
     * chain's write lock (a reorganisation holds it throughout) and without a store read.
     */
    private volatile Block tip;
    private volatile String genesisHash;

    // greedy: the highest-ranked implementation wins, so a plugin can replace the AI bundle's at run time
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImprovementVerifier verifier;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile IncidentLog incidents;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    /**
     * The handlers subscribed to the transaction topic (by name, {@code org/qenex/chain/*} or
     * {@code org/qenex/*}): the per-transaction events are posted only while there is one
     * ({@link BlockEvents}). References, not services, so that tracking them never activates a handler.
     */
    @Reference(service = EventHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, fieldOption = FieldOption.UPDATE, target = TRANSACTION_HANDLERS)
    private final List<ServiceReference<EventHandler>> transactionHandlers = new CopyOnWriteArrayList<>();

    /**
     * The {@code event.topics} values that make a handler count for {@link org.qenex.api.event.QenexTopics#TRANSACTION}
     * (EventAdmin's wildcards are a literal {@code *}). Catch-all handlers ({@code *}, {@code org/*}) do not
     * count: Karaf's {@code event:display} keeps the last 100 events of every topic, always installed,
     * and would make every node post 1,000 events a second at 1,000 transfers/s for a debugging aid.
     */
    static final String TRANSACTION_HANDLERS = "(|(event.topics=org/qenex/chain/transaction)"
            + "(event.topics=org/qenex/chain/\\*)(event.topics=org/qenex/\\*))";

    /**
     * The component: the node key, the genesis file and whether mining was on live in the chain's
     * data folder ({@code ${karaf.data}/qenex/chain}); proofs are checked by the bound verifier.
     */
    @Activate
    public ChainNode(@Reference Store store, @Reference NodeContext context, ChainConfiguration config) throws IOException {
        this(store, config, context.dataFolder(),
                NodeKeyFile.loadOrCreate(context.dataFolder().resolve(NodeKeyFile.NAME), new SecureRandom()));
    }

    private ChainNode(Store store, ChainConfiguration config, Path dir, KeyPair nodeKey) throws IOException {
        this(genesis(config, dir, nodeKey), store, nodeKey, null, System::currentTimeMillis,
                new Limits(config.mempoolMaxTransactions(), config.mempoolMaxPerSender(), config.signatureCacheEntries()));
    }

    /**
     * The parts over {@code store}, not opened yet (see {@link #open()}).
     *
     * @param proofs how a proof is checked; {@code null}: by the bound {@link ImprovementVerifier}
     */
    public ChainNode(ChainParameters params, Store store, KeyPair nodeKey, ProofCheck proofs, LongSupplier clock, Limits limits) {
        this.params = params;
        this.nodeKey = nodeKey;
        this.proofs = proofs != null ? proofs : this::verified;
        this.clock = clock;
        BlockRules rules = new BlockRules(params, new SignatureCache(limits.signatureCache()));
        ChainDatabase db = new ChainDatabase(store);
        this.chain = new Blockchain(params, db, rules, this.proofs, clock);
        this.pool = new DurablePool(store, db.mempool());
        this.mempool = new Mempool(chain, pool, limits.mempoolTransactions(), limits.mempoolPerSender());
        this.assembler = new BlockAssembler(rules, nodeKey);
        // runs under the write lock, after the head moved: the writer holds the lock, so head() does not wait
        chain.addListener((disconnected, connected) -> tip = chain.head());
        chain.addListener((disconnected, connected) -> {
            for (LedgerWatcher watcher : watchers) {
                watcher.blocksConnected(connected);
            }
            // After a reorganisation the mempool (a listener before this one) took the dropped
            // blocks' transactions back: they are announced again like new admissions, so that
            // peers that never saw them (the other side of a partition) can confirm them too.
            for (Block dropped : disconnected) {
                for (Transaction tx : dropped.transactions()) {
                    if (mempool.contains(tx.id())) {
                        announceAdmitted(tx);
                    }
                }
            }
        });
    }

    /**
     * Opens the chain and posts its blocks. An activate method apart from the constructor, because
     * SCR sets the optional {@link IncidentLog} and {@link EventAdmin} fields only after construction.
     */
    @Activate
    void activate() {
        String note = open();
        eventPoster = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "qenex-chain-events");
            thread.setDaemon(true);
            return thread;
        });
        chain.addListener(new BlockEvents(() -> eventAdmin, chain::importElapsedNanos, eventPoster,
                () -> !transactionHandlers.isEmpty(), chain::block));
        LOG.info("chain {}: {}", params.chainId(), note);
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
        if (eventPoster != null) {
            eventPoster.shutdown(); // what is queued is still posted
        }
        try {
            flush();
        } catch (StorageException e) {
            // the store went first: the next start checks every stored transaction anyway
            LOG.info("mempool deletes not stored at stop: {}", e.getMessage());
        }
    }

    private static ChainParameters genesis(ChainConfiguration config, Path dir, KeyPair nodeKey) throws IOException {
        if (!config.genesisFile().isBlank()) {
            Path shared = Path.of(config.genesisFile());
            if (!Files.exists(shared)) {
                // a network's node waits for the network's genesis file rather than start a chain of its own
                String problem = "genesis file " + shared + " not found: copy the network's genesis file there (qenex:chain genesis"
                        + " writes it, see docs/network.md, \"Making a network\") and restart the node";
                LOG.error(problem);
                throw new IOException(problem);
            }
            return GenesisFile.read(shared);
        }
        Path file = dir.resolve("genesis.json");
        if (!Files.exists(file)) {
            ChainParameters fresh = ChainParameters.withInterval(config.chainId(), System.currentTimeMillis(),
                    List.of(HexFormat.of().formatHex(nodeKey.publicKey())), config.blockIntervalMillis());
            GenesisFile.write(file, fresh);
            LOG.info("created a single-node genesis file {}", file);
        }
        return GenesisFile.read(file);
    }

    /** The verifier remembers its verdicts (the node's one verdict cache): asked again, it answers at once. */
    private VerificationResult verified(ImprovementProof proof) {
        ImprovementVerifier current = verifier;
        return current != null ? current.verify(proof) : ProofCheck.NONE.check(proof);
    }

    /** Opens the chain (see {@link Blockchain#open()}) and reloads the stored mempool (see {@link Mempool#restore()}). */
    public String open() {
        String note = chain.open();
        tip = chain.head();
        genesisHash = chain.blockAt(0).orElseThrow().hashHex();
        return note + "; " + mempool.restore();
    }

    /** Stores what the mempool has queued (deletes ride with the next admission otherwise): call before closing the store. */
    public void flush() {
        pool.flush();
    }

    public Blockchain chain() {
        return chain;
    }

    public Mempool mempool() {
        return mempool;
    }

    @Override
    public HealthResult check() {
        Block head = chain.head();
        long age = clock.getAsLong() - head.header().timestampMillis();
        String role = params.isValidator(nodeKey.publicKey()) ? "validator " + (params.validators().size() > 1
                ? "(1 of " + params.validators().size() + ")" : "(sole)") : "follower";
        return HealthResult.up(role + ", head " + head.height() + " (" + age / 1000 + " s old), " + mempool.size() + " pending"
                + (verifier == null ? ", no improvement verifier: no minting" : ""));
    }

    // ---- Ledger: the shell commands, REST resources, wallets and block producer ----------

    @Override
    public ChainParameters parameters() {
        return params;
    }

    @Override
    public Block head() {
        return chain.head();
    }

    @Override
    public Optional<Block> blockAt(long height) {
        return chain.blockAt(height);
    }

    @Override
    public Optional<Block> block(byte[] hash) {
        return chain.block(hash);
    }

    @Override
    public Optional<TransactionLocation> transaction(byte[] id) {
        return chain.transaction(id);
    }

    @Override
    public boolean isPending(byte[] id) {
        return mempool.contains(id);
    }

    @Override
    public boolean isConfirmed(byte[] id) {
        return chain.includesTransaction(id);
    }

    @Override
    public AccountSummary account(AccountId id) {
        record Snapshot(Account account, long pending) {
        }
        // one read under the chain's lock: a block connected between reading the nonce and counting the
        // pending would leave its transactions out of both, and a wallet would reuse a nonce
        Snapshot now = chain.read(state -> new Snapshot(state.account(id), mempool.pendingCount(id)));
        Account account = now.account();
        return new AccountSummary(id, account.balance(), account.nonce() + now.pending(), account.nonce(), account.parent(),
                chain.children(id, 1_000));
    }

    @Override
    public AccountProof accountProof(AccountId id) {
        return chain.accountProof(id);
    }

    @Override
    public byte[] submit(byte[] encoded) throws ChainException {
        Transaction tx = TransactionCodec.decode(encoded, params.maxTransactionBytes());
        mempool.admit(tx);
        // admit returned once the transaction is durable: only now may it travel
        announceAdmitted(tx);
        return tx.id();
    }

    @Override
    public List<Submission> submitAll(List<byte[]> encoded) throws ChainException {
        List<Transaction> decoded = new ArrayList<>(encoded.size());
        for (int i = 0; i < encoded.size(); i++) {
            try {
                decoded.add(TransactionCodec.decode(encoded.get(i), params.maxTransactionBytes()));
            } catch (ChainException e) {
                throw new ChainException(e.error(), "transactions[" + i + "]: " + e.getMessage());
            }
        }
        List<ChainException> refusals = mempool.admitAll(decoded);
        List<Submission> outcomes = new ArrayList<>(decoded.size());
        for (int i = 0; i < decoded.size(); i++) {
            Transaction tx = decoded.get(i);
            outcomes.add(new Submission(tx.id(), refusals.get(i)));
            if (refusals.get(i) == null) {
                // durable now (admitAll waited): it may travel
                announceAdmitted(tx);
            }
        }
        return outcomes;
    }

    @Override
    public List<ChainException> admitRelayed(List<Transaction> txs) {
        List<ChainException> failures = mempool.admitRelayed(txs);
        for (int i = 0; i < txs.size(); i++) {
            if (failures.get(i) == null) {
                // held here in memory, and durably by the node that acknowledged it: it may travel on
                announceAdmitted(txs.get(i));
            }
        }
        return failures;
    }

    /** Tells the watchers (the network's relay) of a transaction the mempool now holds. */
    private void announceAdmitted(Transaction tx) {
        for (LedgerWatcher watcher : watchers) {
            watcher.transactionAdmitted(tx);
        }
    }

    @Override
    public long minted() {
        return chain.minted();
    }

    @Override
    public int mempoolSize() {
        return mempool.size();
    }

    @Override
    public Block produceBlock(List<ImprovementProof> candidates) throws ChainException {
        List<Transaction> rejected = new ArrayList<>();
        Block block = chain.produce((state, head) -> assembler.assemble(state, head,
                mempool.select(assembler.transactionBudget()), candidates, proofs, clock.getAsLong(), rejected));
        rejected.forEach(mempool::remove);
        return block;
    }

    @Override
    public ImportOutcome importBlock(byte[] encoded) throws ChainException {
        return chain.importBlock(BlockCodec.decode(encoded, params.maxBlockBytes(), params.maxTransactionBytes()));
    }

    @Override
    public boolean verifyProof(ImprovementProof proof) {
        return proofs.check(proof).valid();
    }

    @Override
    public boolean isRewarded(String proofId) {
        return chain.read(state -> state.isRewarded(proofId));
    }

    @Override
    public boolean isSpent(ImprovementProof proof) {
        return chain.read(state -> state.isRewarded(proof.id()) || state.hasRewardedChild(proof.parentVersionHash())
                || state.rewardedVersion(proof.versionHash()).isPresent()
                || state.isFingerprintRewarded(proof.predictionFingerprint()));
    }

    @Override
    public String modelTip() {
        return chain.read(LedgerView::modelTip);
    }

    @Override
    public VerifyReport verify() {
        return chain.verify();
    }

    @Override
    public AccountId nodeAccount() {
        return nodeKey.account();
    }

    @Override
    public byte[] nodePublicKey() {
        return nodeKey.publicKey();
    }

    @Override
    public List<byte[]> mainChainHashes(long fromHeight, int max) {
        return chain.mainChainHashes(fromHeight, max);
    }

    @Override
    public List<byte[]> mainChainHashesAt(LongFunction<long[]> heights) {
        return chain.mainChainHashesAt(heights);
    }

    @Override
    public OptionalLong mainChainHeight(byte[] hash) {
        return chain.mainChainHeight(hash);
    }

    @Override
    public Optional<Transaction> pendingTransaction(byte[] id) {
        return mempool.pending(id);
    }

    @Override
    public List<byte[]> pendingTransactionIds(int max) {
        return mempool.ids(max);
    }

    @Override
    public void watch(LedgerWatcher watcher) {
        watchers.add(watcher);
    }

    @Override
    public void unwatch(LedgerWatcher watcher) {
        watchers.remove(watcher);
    }

    // ---- ChainView: the read-only view plugins get -------------------------------------

    @Override
    public String chainId() {
        return params.chainId();
    }

    @Override
    public String genesisHash() {
        String known = genesisHash;
        return known != null ? known : chain.blockAt(0).orElseThrow().hashHex();
    }

    @Override
    public long height() {
        return publishedHead().height();
    }

    @Override
    public String headHash() {
        return publishedHead().hashHex();
    }

    /** The head without the read lock once the chain is open (see {@link #tip}). */
    private Block publishedHead() {
        Block known = tip;
        return known != null ? known : chain.head();
    }

    @Override
    public long mintedUnits() {
        return chain.minted();
    }

    @Override
    public long maxSupplyUnits() {
        return params.maxSupply();
    }

    @Override
    public int pendingTransactions() {
        return mempool.size();
    }

    @Override
    public long balanceUnits(String address) {
        return account(Address.parse(address)).balance();
    }
}
