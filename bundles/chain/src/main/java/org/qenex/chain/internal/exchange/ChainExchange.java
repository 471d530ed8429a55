package org.qenex.chain.internal.exchange;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.qenex.api.chain.BlockExchange;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.IncidentLog;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockCodec;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.ledger.ImportOutcome;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's side of the network ({@link BlockExchange}): turns what peers send into verdicts
 * (a peer's bad input is a verdict, never an exception), answers the questions of sync (locator,
 * fork point, hashes, blocks, pending transactions), reports a branch deeper than the finality
 * depth once, and tells the {@link BlockExchange.Listener}s what joined the main chain or the
 * mempool, on its relay's thread ({@link ExchangeRelay}).
 */
@Component(service = BlockExchange.class)
public final class ChainExchange implements BlockExchange {

    private static final Logger LOG = LoggerFactory.getLogger(ChainExchange.class);
    /** Locator entries a peer may send that are looked at: 64 covers 2^60 blocks. */
    static final int MAX_LOCATOR = 64;
    private static final int RELAY_CAPACITY = 20_000;
    private static final int REPORTED_BRANCHES = 1_000;

    private final Ledger ledger;
    private final ChainParameters params;
    private final ExchangeRelay relay;
    /** Fork points of branches refused as too deep, so each is reported once (bounded, oldest forgotten). */
    private final Set<ByteBuffer> reportedBranches = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
                    return size() > REPORTED_BRANCHES;
                }
            }));

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile IncidentLog incidents;

    @Activate
    public ChainExchange(@Reference Ledger ledger) {
        this.ledger = ledger;
        this.params = ledger.parameters();
        this.relay = new ExchangeRelay(RELAY_CAPACITY);
        ledger.watch(relay);
    }

    @Deactivate
    public void close() {
        ledger.unwatch(relay);
        relay.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeListener")
    public void addListener(BlockExchange.Listener listener) {
        relay.add(listener);
    }

    public void removeListener(BlockExchange.Listener listener) {
        relay.remove(listener);
    }

    /** For tests, which have no SCR to set the optional reference. */
    void setIncidents(IncidentLog log) {
        this.incidents = log;
    }

    long droppedEvents() {
        return relay.dropped();
    }

    /** Whether the listeners heard of everything so far. */
    boolean relayIdle() {
        return relay.idle();
    }

    @Override
    public BlockImport importBlock(byte[] encoded) {
        try {
            ImportOutcome outcome = ledger.importBlock(encoded);
            return new BlockImport(switch (outcome) {
                case EXTENDED -> BlockVerdict.EXTENDED;
                case REORGANISED -> BlockVerdict.REORGANISED;
                case SIDE_BRANCH -> BlockVerdict.SIDE_BRANCH;
                case ALREADY_KNOWN -> BlockVerdict.ALREADY_KNOWN;
            }, "");
        } catch (ChainException e) {
            if (e.error() == ChainError.UNKNOWN_PARENT) {
                return new BlockImport(BlockVerdict.ORPHAN, "");
            }
            if (e.error().deferred()) {
                // no verdict: this node cannot check a proof the block carries yet (docs/network.md, verdicts)
                return new BlockImport(BlockVerdict.DEFERRED, e.getMessage());
            }
            if (e.error() == ChainError.REORG_TOO_DEEP) {
                reportTooDeep(encoded, e);
                return new BlockImport(BlockVerdict.TOO_DEEP, e.code());
            }
            // bad_encoding and block_oversized included: the ledger decodes with the genesis limits
            return new BlockImport(BlockVerdict.INVALID, e.code());
        }
    }

    /**
     * Once per branch (keyed by the main-chain block it leaves from, which every block a peer
     * re-sends of that branch names): a log line, and an incident, since a branch this deep means
     * a partition longer than finality, or validators signing two chains.
     */
    private void reportTooDeep(byte[] encoded, ChainException e) {
        Block block;
        try {
            // decoded only on this rare path: the ledger decoded it already, so it does
            block = BlockCodec.decode(encoded, params.maxBlockBytes(), params.maxTransactionBytes());
        } catch (ChainException undecodable) {
            throw new IllegalStateException("a block the ledger decoded does not decode", undecodable);
        }
        if (!reportedBranches.add(ByteBuffer.wrap(block.header().previousHash()))) {
            return;
        }
        String cause = "refused a branch at height " + block.height() + " (" + block.hashHex() + "): " + e.getMessage();
        LOG.warn("{}; finality depth {}", cause, params.finalityDepth());
        IncidentLog log = incidents;
        if (log != null) {
            log.report("chain", HealthStatus.DEGRADED, cause, "kept the final main chain",
                    "this node stays on its chain; if its peers are on the other, compare heads (qenex:chain head) and "
                            + "resync this node from a trusted peer");
        }
    }

    @Override
    public TransactionAdmission admitTransaction(byte[] encoded) {
        return admitTransactions(List.of(encoded)).get(0);
    }

    /**
     * Those not known already go to the ledger together, decoded once here, and are held in its
     * mempool's memory: the peer's node keeps them durable ({@link Ledger#admitRelayed}).
     */
    @Override
    public List<TransactionAdmission> admitTransactions(List<byte[]> encoded) {
        TransactionAdmission[] verdicts = new TransactionAdmission[encoded.size()];
        List<Transaction> fresh = new ArrayList<>(encoded.size());
        List<Integer> positions = new ArrayList<>(encoded.size());
        for (int i = 0; i < encoded.size(); i++) {
            try {
                Transaction tx = TransactionCodec.decode(encoded.get(i), params.maxTransactionBytes());
                if (knowsTransaction(tx.id())) {
                    verdicts[i] = new TransactionAdmission(TransactionVerdict.KNOWN, "");
                    continue;
                }
                fresh.add(tx);
                positions.add(i);
            } catch (ChainException e) {
                verdicts[i] = new TransactionAdmission(TransactionVerdict.REJECTED, e.code());
            }
        }
        List<ChainException> failures = fresh.isEmpty() ? List.of() : ledger.admitRelayed(fresh);
        for (int k = 0; k < positions.size(); k++) {
            ChainException e = failures.get(k);
            verdicts[positions.get(k)] = e == null ? new TransactionAdmission(TransactionVerdict.ADMITTED, "")
                    // DUPLICATE: admitted meanwhile by another peer's copy
                    : e.error() == ChainError.DUPLICATE ? new TransactionAdmission(TransactionVerdict.KNOWN, "")
                    : new TransactionAdmission(TransactionVerdict.REJECTED, e.code());
        }
        return List.of(verdicts);
    }

    @Override
    public Optional<byte[]> block(byte[] hash) {
        if (hash == null || hash.length != 32) {
            return Optional.empty();
        }
        return ledger.block(hash).map(Block::encoded);
    }

    @Override
    public List<byte[]> mainChainHashes(long fromHeight, int max) {
        return max <= 0 ? List.of() : ledger.mainChainHashes(fromHeight, max);
    }

    /**
     * The head's hash, then the hashes 1, 2, 4, 8, ... blocks further back each time (heights
     * {@code h, h-1, h-3, h-7, h-15, ...}), ending with genesis; read at one moment.
     */
    @Override
    public List<byte[]> locator() {
        return ledger.mainChainHashesAt(ChainExchange::locatorHeights);
    }

    static long[] locatorHeights(long head) {
        List<Long> heights = new ArrayList<>();
        long step = 1;
        for (long h = head; h > 0; h -= step, step *= 2) {
            heights.add(h);
        }
        heights.add(0L);
        return heights.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public long forkPoint(List<byte[]> locator) {
        long best = 0;
        int looked = 0;
        for (byte[] hash : locator) {
            if (++looked > MAX_LOCATOR) {
                break;
            }
            if (hash == null || hash.length != 32) {
                continue;
            }
            OptionalLong height = ledger.mainChainHeight(hash);
            if (height.isPresent()) {
                best = Math.max(best, height.getAsLong());
            }
        }
        return best;
    }

    @Override
    public Optional<byte[]> pendingTransaction(byte[] id) {
        if (id == null || id.length != 32) {
            return Optional.empty();
        }
        return ledger.pendingTransaction(id).map(Transaction::encoded);
    }

    @Override
    public List<byte[]> pendingTransactionIds(int max) {
        return max <= 0 ? List.of() : ledger.pendingTransactionIds(max);
    }

    @Override
    public boolean knowsTransaction(byte[] id) {
        return id != null && id.length == 32 && (ledger.isPending(id) || ledger.isConfirmed(id));
    }

    @Override
    public String toString() {
        return "ChainExchange[" + params.chainId() + ", head " + HexFormat.of().formatHex(ledger.head().hash()) + "]";
    }
}
