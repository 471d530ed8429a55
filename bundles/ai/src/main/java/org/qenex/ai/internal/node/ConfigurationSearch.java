package org.qenex.ai.internal.node;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.SplittableRandom;

import org.qenex.ai.internal.eval.TaskInstances;

import weka.core.Attribute;

/**
 * Proposes learner configurations at random from a space of cheap, allow-listed pipelines. The
 * random sequence is seeded from the node id: the first 8 bytes (big-endian) of
 * SHA-256(UTF-8 node id), so each node walks its own deterministic sequence through the space (the
 * same after a restart), nodes search different parts of it in parallel instead of repeating each
 * other, and they share what they find through the chain, whose versions every node adopts.
 */
public final class ConfigurationSearch {

    private final SplittableRandom random;

    public ConfigurationSearch(String nodeId) {
        this.random = new SplittableRandom(seed(nodeId));
    }

    /** The seed of {@code nodeId}'s sequence; not {@code String.hashCode}, whose values collide for short ids. */
    static long seed(String nodeId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(nodeId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A candidate specification (JSON) changing one task's pipeline. */
    public synchronized String propose(List<TaskInstances> tasks) {
        TaskInstances task = tasks.get(random.nextInt(tasks.size()));
        String pipeline = hasText(task) ? textPipeline() : numericPipeline();
        return "{\"pipelines\":{\"" + task.name() + "\":" + pipeline + "}}";
    }

    private static boolean hasText(TaskInstances task) {
        for (int a = 0; a < task.training().numAttributes(); a++) {
            Attribute attribute = task.training().attribute(a);
            if (attribute.isString()) {
                return true;
            }
        }
        return false;
    }

    private String textPipeline() {
        int words = List.of(200, 500, 1000, 2000).get(random.nextInt(4));
        String tokenizer = switch (random.nextInt(3)) {
            case 0 -> "";
            case 1 -> ",\"tokenizer\":{\"name\":\"CharacterNGramTokenizer\",\"options\":[\"-min\",\"1\",\"-max\",\""
                    + (2 + random.nextInt(2)) + "\"]}";
            default -> ",\"tokenizer\":{\"name\":\"AlphabeticTokenizer\"}";
        };
        String lower = random.nextBoolean() ? ",\"-L\"" : "";
        String counts = random.nextBoolean() ? ",\"-C\"" : "";
        return "{\"learner\":\"NaiveBayesMultinomial\",\"filters\":[{\"name\":\"StringToWordVector\",\"options\":[\"-W\",\""
                + words + "\"" + lower + counts + "]" + tokenizer + "}]}";
    }

    private String numericPipeline() {
        return switch (random.nextInt(5)) {
            case 0 -> "{\"learner\":\"J48\",\"options\":[\"-M\",\"" + (1 + random.nextInt(10)) + "\",\"-C\",\""
                    + (5 + random.nextInt(45)) / 100.0 + "\"]}";
            case 1 -> "{\"learner\":\"RandomForest\",\"options\":[\"-I\",\"" + (10 + random.nextInt(40)) + "\",\"-K\",\""
                    + random.nextInt(6) + "\",\"-S\",\"" + random.nextInt(1000) + "\"]}";
            case 2 -> "{\"learner\":\"IBk\",\"options\":[\"-K\",\"" + (1 + random.nextInt(25)) + "\"]}";
            case 3 -> "{\"learner\":\"REPTree\",\"options\":[\"-M\",\"" + (1 + random.nextInt(10)) + "\",\"-S\",\""
                    + random.nextInt(1000) + "\"]}";
            default -> "{\"learner\":\"Logistic\",\"options\":[\"-M\",\"" + (20 + random.nextInt(100)) + "\"]}";
        };
    }
}
