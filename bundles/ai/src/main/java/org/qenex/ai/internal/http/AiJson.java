package org.qenex.ai.internal.http;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.node.LeaderboardEntry;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.VersionTask;
import org.qenex.ai.internal.weka.AllowedComponent;
import org.qenex.ai.internal.weka.OptionRule;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.qenex.api.ai.BenchmarkTask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON shapes of the AI REST resource. */
final class AiJson {

    private final ObjectMapper mapper;

    AiJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    JsonNode tasks(List<BenchmarkTask> services, List<TaskInstances> tasks) {
        ArrayNode array = mapper.createArrayNode();
        for (BenchmarkTask service : services) {
            TaskInstances task = tasks.stream().filter(t -> t.name().equals(service.name())).findFirst().orElseThrow();
            ObjectNode node = array.addObject();
            node.put("name", service.name());
            node.put("domain", service.domain());
            node.put("version", service.version());
            node.put("description", service.description());
            node.put("metric", service.metric().name().toLowerCase(java.util.Locale.ROOT));
            node.put("dataHash", task.dataHash());
            node.put("trainingRows", task.training().numInstances());
            node.put("publicRows", task.publicSplit().numInstances());
            node.put("heldOutRows", task.heldOut().numInstances());
        }
        return array;
    }

    /** Every allow-listed learner, filter and tokenizer with the options it takes: what a specification may name. */
    JsonNode allowList(WekaAllowList allowList) {
        ObjectNode node = mapper.createObjectNode();
        components(node.putArray("learners"), allowList.learners());
        components(node.putArray("filters"), allowList.filters());
        components(node.putArray("tokenizers"), allowList.tokenizers());
        return node;
    }

    private static void components(ArrayNode array, Map<String, ? extends AllowedComponent<?>> components) {
        for (AllowedComponent<?> component : new TreeMap<>(components).values()) {
            ObjectNode entry = array.addObject();
            entry.put("name", component.name());
            ArrayNode options = entry.putArray("options");
            for (OptionRule rule : component.rules()) {
                ObjectNode option = options.addObject();
                option.put("flag", rule.flag());
                option.put("kind", rule.kind().name().toLowerCase(java.util.Locale.ROOT));
                switch (rule.kind()) {
                    case INTEGER -> option.put("min", (long) rule.min()).put("max", (long) rule.max());
                    case DECIMAL -> option.put("min", rule.min()).put("max", rule.max());
                    case CHOICE -> rule.choices().stream().sorted().forEach(option.putArray("choices")::add);
                    default -> {
                    }
                }
                if (!rule.requires().isEmpty()) {
                    rule.requires().forEach(option.putArray("requires")::add);
                }
            }
        }
    }

    JsonNode versions(List<ModelVersion> versions) {
        ArrayNode array = mapper.createArrayNode();
        for (ModelVersion version : versions) {
            ObjectNode node = array.addObject();
            node.put("sequence", version.sequence());
            node.put("hash", version.hash());
            node.put("parentHash", version.parentHash());
            node.put("contributor", version.contributor());
            node.put("acceptedAt", java.time.Instant.ofEpochMilli(version.acceptedAtMillis()).toString());
        }
        return array;
    }

    JsonNode version(ModelVersion version) {
        ObjectNode node = mapper.valueToTree(version);
        ArrayNode tasks = node.putArray("tasks");
        for (VersionTask task : version.tasks()) {
            ObjectNode t = mapper.valueToTree(task);
            t.set("pipeline", parse(task.pipeline()));
            t.set("baselinePipeline", parse(task.baselinePipeline()));
            tasks.add(t);
        }
        return node;
    }

    JsonNode candidate(CandidateRecord record) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", record.id());
        node.put("contributor", record.contributor());
        node.put("parent", record.parent());
        node.put("state", record.state().name().toLowerCase(java.util.Locale.ROOT));
        node.put("reason", record.reason());
        node.put("submittedAt", java.time.Instant.ofEpochMilli(record.submittedAtMillis()).toString());
        if (record.version() != null) {
            node.put("version", record.version());
        }
        node.put("flagged", record.flagged());
        node.set("publicScores", mapper.valueToTree(record.leaderboard()));
        node.set("specification", parse(record.specification()));
        return node;
    }

    JsonNode leaderboard(String task, List<LeaderboardEntry> entries) {
        ObjectNode node = mapper.createObjectNode();
        node.put("task", task);
        node.put("rule", "ladder: a public-split score is shown, rounded to 0.5 points, only when it beats the best by 0.5 points");
        node.set("entries", mapper.valueToTree(entries));
        return node;
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            return mapper.getNodeFactory().textNode(json);
        }
    }
}
