package org.qenex.ai.internal.node;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.qenex.ai.internal.candidate.CandidateBook;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.CandidateState;
import org.qenex.ai.internal.eval.TaskOutcome;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.NodeKey;
import org.qenex.ai.internal.version.VersionChain;
import org.qenex.ai.internal.version.VersionHashing;
import org.qenex.ai.internal.version.VersionTask;
import org.qenex.api.storage.Store;

/**
 * Appends the signed version an accepted candidate makes: its tasks (parent's and new pipeline,
 * model hash, both held-out scores), the new models' bytes and the candidate's accepted record, in
 * one batch; then makes it the champion.
 */
final class VersionWriter {

    private final Store store;
    private final VersionChain chain;
    private final CandidateBook candidates;
    private final Champions champions;
    private final NodeKey key;
    private final Clock clock;
    private final SpecJson json = new SpecJson();
    private volatile Consumer<ModelVersion> accepted = version -> { };

    VersionWriter(Store store, VersionChain chain, CandidateBook candidates, Champions champions, NodeKey key,
            Clock clock) {
        this.store = store;
        this.chain = chain;
        this.candidates = candidates;
        this.champions = champions;
        this.key = key;
        this.clock = clock;
    }

    /** Who hears of each version appended (the node's events); one listener, replacing the last. */
    void onAccepted(Consumer<ModelVersion> listener) {
        this.accepted = listener;
    }

    /** @return the record as accepted, stored with the version */
    CandidateRecord append(Champion current, Judgement judgement, CandidateRecord record, boolean flagged,
            Map<String, Long> shown, String note) {
        List<VersionTask> tasks = new ArrayList<>();
        Map<String, byte[]> newModels = new HashMap<>();
        Map<String, ChampionTask> next = new TreeMap<>();
        for (TaskOutcome outcome : judgement.outcomes().values()) {
            String name = outcome.task().name();
            ChampionTask before = current.tasks().get(name);
            tasks.add(new VersionTask(name, outcome.task().version(), outcome.task().dataHash(),
                    json.canonical(before.pipeline()), json.canonical(outcome.pipeline()), outcome.model().hash(),
                    before.heldOut().accuracyPpm(), outcome.heldOutPredictions().accuracyPpm()));
            newModels.put(outcome.model().hash(), outcome.model().bytes());
            next.put(name, new ChampionTask(outcome.task(), outcome.pipeline(), outcome.model(), outcome.heldOutPredictions()));
        }
        long at = clock.millis();
        String hash = VersionHashing.hash(current.hash(), tasks, record.contributor(), at, judgement.fingerprint());
        ModelVersion version = new ModelVersion(current.sequence() + 1, current.hash(), tasks, record.contributor(), at,
                judgement.fingerprint(), hash, key.sign(hash), key.publicKeyHex(), record.specification(), record.signature());
        CandidateRecord accepted = record.decided(CandidateState.ACCEPTED, "version " + version.sequence() + ": "
                + judgement.decision().reason() + note, version.sequence(), shown, flagged);
        chain.append(store.batch().put(candidates.namespace(), accepted.id(), candidates.encode(accepted)), version,
                newModels);
        champions.replace(new Champion(java.util.Optional.of(version), next));
        this.accepted.accept(version);
        return accepted;
    }
}
