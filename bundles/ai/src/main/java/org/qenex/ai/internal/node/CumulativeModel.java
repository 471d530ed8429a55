package org.qenex.ai.internal.node;

import java.time.Clock;

import org.qenex.ai.internal.candidate.CandidateBook;
import org.qenex.ai.internal.candidate.CandidateQueue;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.version.NodeKey;
import org.qenex.ai.internal.version.VersionChain;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.api.storage.Store;

/**
 * The node's cumulative model, wired over one store: each responsibility is a part of its own,
 * and callers use the part they need.
 * <ul>
 * <li>{@link #intake()}: validates, limits and queues signed candidates;</li>
 * <li>{@link #judging()}: judges them one at a time and appends a version for each accepted one;</li>
 * <li>{@link #candidates()}: what became of each candidate;</li>
 * <li>{@link #champions()}: the current champion, retrained when the tasks change;</li>
 * <li>{@link #versions()}: the signed version chain, read side;</li>
 * <li>{@link #proofs()}: the versions as improvement proofs, for the chain;</li>
 * <li>{@link #publicScoring()} and {@link #leaderboards()}: what the public split may tell;</li>
 * <li>{@link #specs()}: a specification parsed and checked without training it;</li>
 * <li>{@link #adoption()}: follows the chain's model tip with the versions verified here.</li>
 * </ul>
 */
public final class CumulativeModel {

    private final CandidateBook candidates;
    private final SpecValidator specs;
    private final CandidateIntake intake;
    private final CandidateJudging judging;
    private final Champions champions;
    private final ModelVersions versions;
    private final AcceptedProofs proofs;
    private final PublicScoring publicScoring;
    private final Leaderboards leaderboards;
    private final VersionWriter writer;
    private final ModelAdoption adoption;

    public CumulativeModel(Store store, TaskCatalog catalog, PipelineFactory factory, PipelineEvaluator evaluator,
            ImprovementGate gate, NodeKey key, Clock clock, ModelLimits limits) {
        VersionChain chain = new VersionChain(store);
        this.candidates = new CandidateBook(store);
        this.specs = new SpecValidator(catalog, factory);
        this.versions = new ModelVersions(chain, key);
        this.proofs = new AcceptedProofs(chain);
        this.leaderboards = new Leaderboards(store, gate.settings().etaPpm());
        this.champions = new Champions(catalog, chain, evaluator, limits.cpuBudget());
        this.publicScoring = new PublicScoring(catalog, specs, evaluator, limits.cpuBudget());
        // one queue for intake (limits) and judging (fair order)
        CandidateQueue queue = new CandidateQueue(limits.maxQueued(), limits.maxQueuedPerUser(),
                limits.submissionsPerUserPerHour(), limits.submissionsPerHour());
        QueuedSpecs parsed = new QueuedSpecs();
        this.writer = new VersionWriter(store, chain, candidates, champions, key, clock);
        this.intake = new CandidateIntake(candidates, queue, specs, parsed, versions, clock);
        this.judging = new CandidateJudging(candidates, queue, parsed, specs, champions, new CandidateJudge(evaluator, gate),
                new NodeHistory(chain, new GateSpending(store)), leaderboards, chain,
                writer, clock, limits.cpuBudget());
        this.adoption = new ModelAdoption(chain, new KnownVersions(store), champions, key, judging.lock());
    }

    /** Tells {@code events} of every candidate state change and every version appended from now on. */
    public void publishTo(ModelEvents events) {
        candidates.onChange(events::candidateChanged);
        writer.onAccepted(events::versionAccepted);
    }

    public CandidateIntake intake() {
        return intake;
    }

    public CandidateJudging judging() {
        return judging;
    }

    public CandidateBook candidates() {
        return candidates;
    }

    public Champions champions() {
        return champions;
    }

    public ModelVersions versions() {
        return versions;
    }

    public AcceptedProofs proofs() {
        return proofs;
    }

    public PublicScoring publicScoring() {
        return publicScoring;
    }

    public Leaderboards leaderboards() {
        return leaderboards;
    }

    /** Follows the chain's model tip: versions other nodes accepted and this node verified. */
    public ModelAdoption adoption() {
        return adoption;
    }

    public SpecValidator specs() {
        return specs;
    }
}
