package org.qenex.ai.internal.version;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.qenex.ai.internal.eval.Sha256;
import org.qenex.api.improvement.CandidateStatement;
import org.qenex.api.improvement.ContributorSignature;
import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.KeyValue;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.Store;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The hash-chained versions in the store (namespace {@value #VERSIONS}, keyed by sequence) and
 * the bytes of every model they name (namespace {@value #MODELS}, keyed by model hash).
 */
public final class VersionChain {

    public static final String VERSIONS = "ai.versions";
    public static final String MODELS = "ai.models";

    private final Store store;
    private final Namespace<Long, byte[]> versions;
    private final Namespace<String, byte[]> models;
    private final ObjectMapper mapper = new ObjectMapper();

    public VersionChain(Store store) {
        this.store = store;
        this.versions = store.namespace(VERSIONS, Codecs.LONG, Codecs.BYTES);
        this.models = store.namespace(MODELS, Compression.DEFLATE, Codecs.STRING, Codecs.BYTES);
    }

    public Optional<ModelVersion> latest() {
        List<ModelVersion> all = all();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public Optional<ModelVersion> bySequence(long sequence) {
        return versions.get(sequence).map(this::decode);
    }

    public Optional<ModelVersion> byHash(String hash) {
        return all().stream().filter(v -> v.hash().equals(hash)).findFirst();
    }

    /** Every version, oldest first. */
    public List<ModelVersion> all() {
        return after(0);
    }

    /** The versions after sequence {@code sequence}, oldest first: reads only those. */
    public List<ModelVersion> after(long sequence) {
        List<ModelVersion> result = new ArrayList<>();
        rawPages(sequence + 1, (key, bytes) -> result.add(decode(bytes)));
        return result;
    }

    public Optional<byte[]> model(String hash) {
        return models.get(hash);
    }

    /** Adds the version, the bytes of its new models, and whatever else {@code batch} holds, atomically. */
    public void append(Batch batch, ModelVersion version, Map<String, byte[]> newModels) {
        newModels.forEach((hash, bytes) -> batch.put(models, hash, bytes));
        batch.put(versions, version.sequence(), encode(version));
        batch.commit();
    }

    /**
     * Makes {@code adopted} (consecutive, the first's parent the version at {@code keepThrough}, or the
     * genesis parent at 0) the versions after sequence {@code keepThrough}, removing this node's own
     * versions there (a branch of the model the chain did not mint), with the models they name, in one
     * batch.
     */
    public void adopt(long keepThrough, List<ModelVersion> adopted, Map<String, byte[]> newModels) {
        Batch batch = store.batch();
        for (ModelVersion superseded : after(keepThrough)) {
            batch.delete(versions, superseded.sequence());
        }
        newModels.forEach((hash, bytes) -> batch.put(models, hash, bytes));
        for (ModelVersion version : adopted) {
            batch.put(versions, version.sequence(), encode(version));
        }
        batch.commit();
    }

    /** The models' namespace, for a batch that stores models with other records. */
    public Namespace<String, byte[]> modelsNamespace() {
        return models;
    }

    public byte[] encode(ModelVersion version) {
        try {
            return mapper.writeValueAsBytes(version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ModelVersion decode(byte[] bytes) {
        try {
            return mapper.readValue(bytes, ModelVersion.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored version cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Walks the chain from the first version and names the first broken link: a record that does
     * not read back to its own bytes, a content that does not hash to its hash, a parent hash that
     * is not the previous version's, a bad signature or one by another key than the node's, a
     * contributor signature that does not verify, a missing or altered model.
     */
    public ChainCheck verify(String nodePublicKey) {
        List<Object[]> raw = new ArrayList<>();
        rawPages(null, (key, bytes) -> raw.add(new Object[] { key, bytes }));
        String parent = ModelVersion.GENESIS_PARENT;
        long expected = 1;
        for (Object[] entry : raw) {
            long sequence = (Long) entry[0];
            String problem = problemWith(sequence, (byte[]) entry[1], expected, parent, nodePublicKey);
            if (problem != null) {
                return new ChainCheck(false, raw.size(), sequence, problem);
            }
            parent = decode((byte[]) entry[1]).hash();
            expected++;
        }
        return new ChainCheck(true, raw.size(), 0, "");
    }

    /**
     * Checks one version as {@link #verify} checks each: its record, its hash, its link to the
     * version before it, the signatures and its models. Empty when there is no such version.
     */
    public Optional<ChainCheck> verifyOne(long sequence, String nodePublicKey) {
        Optional<byte[]> bytes = versions.get(sequence);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        String parent;
        try {
            parent = sequence == 1 ? ModelVersion.GENESIS_PARENT
                    : bySequence(sequence - 1).map(ModelVersion::hash).orElse("(version " + (sequence - 1) + " is missing)");
        } catch (UncheckedIOException e) {
            parent = "(version " + (sequence - 1) + " is not readable)";
        }
        String problem = problemWith(sequence, bytes.get(), sequence, parent, nodePublicKey);
        return Optional.of(new ChainCheck(problem == null, 1, problem == null ? 0 : sequence, problem == null ? "" : problem));
    }

    private String problemWith(long sequence, byte[] bytes, long expected, String parent, String nodePublicKey) {
        if (sequence != expected) {
            return "expected version " + expected + " here, found " + sequence + " (a version is missing)";
        }
        ModelVersion version;
        try {
            version = decode(bytes);
        } catch (UncheckedIOException e) {
            return "the record is not readable";
        }
        if (!Arrays.equals(bytes, encode(version)) || version.sequence() != sequence) {
            return "the record's bytes were altered (not in canonical form)";
        }
        if (!VersionHashing.hash(version).equals(version.hash())) {
            return "content does not match its hash " + version.hash();
        }
        if (!version.parentHash().equals(parent)) {
            return "parent hash " + version.parentHash() + " is not the previous version's " + parent;
        }
        if (!version.signerKey().equals(nodePublicKey)) {
            return "signed by a key that is not this node's";
        }
        if (!NodeKey.verify(version.signerKey(), version.hash(), version.signature())) {
            return "the signature does not verify";
        }
        ContributorSignature contributor = version.contributorSignature();
        boolean signed;
        try {
            signed = CandidateStatement.verify(version.contributor(), contributor.publicKey(), contributor.signature(),
                    CandidateStatement.bytes(version.parentHash(), version.contributor(), version.candidate()));
        } catch (IllegalArgumentException e) {
            signed = false;
        }
        if (!signed) {
            return "the contributor's signature of its candidate does not verify";
        }
        for (VersionTask task : version.tasks()) {
            Optional<byte[]> model = models.get(task.modelHash());
            if (model.isEmpty()) {
                return "the model of " + task.name() + " is missing";
            }
            if (!Sha256.hex(model.get()).equals(task.modelHash())) {
                return "the model of " + task.name() + " does not match its hash";
            }
        }
        return null;
    }

    private void rawPages(Long start, java.util.function.BiConsumer<Long, byte[]> consumer) {
        Long from = start;
        while (true) {
            List<KeyValue<Long, byte[]>> page = versions.range(from, null, 500);
            page.forEach(kv -> consumer.accept(kv.key(), kv.value()));
            if (page.size() < 500) {
                return;
            }
            from = page.get(page.size() - 1).key() + 1;
        }
    }
}
