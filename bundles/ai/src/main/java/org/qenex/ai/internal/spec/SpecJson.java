package org.qenex.ai.internal.spec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads specifications from JSON (strictly: unknown fields, wrong types and oversized input are
 * refused) and writes their canonical JSON: keys in alphabetical order, no white space, so equal
 * specifications have equal bytes and hashes.
 *
 * <pre>{"pipelines": {"language.fortunes": {"learner": "NaiveBayesMultinomial", "options": [],
 *   "filters": [{"name": "StringToWordVector", "options": ["-W", "2000"],
 *                "tokenizer": {"name": "CharacterNGramTokenizer", "options": ["-min", "1", "-max", "3"]}}]}}}</pre>
 */
public final class SpecJson {

    private static final int MAX_TASKS = 32;
    private static final int MAX_FILTERS = 4;

    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectMapper newCandidates = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * A specification as every node reads a proof's signed candidate: a key given twice counts
     * once, its last value (Jackson's rule). Kept so, for proofs made before {@link #parseNew}.
     */
    public CandidateSpec parse(String json) {
        return parse(json, mapper);
    }

    /**
     * A specification submitted now: as {@link #parse}, and no key twice (a task named twice kept
     * only its last pipeline, silently).
     */
    public CandidateSpec parseNew(String json) {
        return parse(json, newCandidates);
    }

    private CandidateSpec parse(String json, ObjectMapper reader) {
        if (json.length() > 64 * 1024) {
            throw malformed("a specification is at most 64 KiB");
        }
        try {
            return read(reader.readTree(json));
        } catch (JsonProcessingException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                throw malformed(e.getOriginalMessage().replace("Duplicate field", "a key appears twice:"));
            }
            throw notJson(e);
        }
    }

    public CandidateSpec read(JsonNode root) {
        JsonNode pipelines = object(root, "specification").get("pipelines");
        only(root, "specification", "pipelines");
        if (pipelines == null || !pipelines.isObject() || pipelines.isEmpty()) {
            throw malformed("'pipelines' must be an object naming at least one task");
        }
        if (pipelines.size() > MAX_TASKS) {
            throw malformed("at most " + MAX_TASKS + " tasks");
        }
        Map<String, PipelineSpec> result = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = pipelines.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            result.put(entry.getKey(), pipeline(entry.getValue(), entry.getKey()));
        }
        return new CandidateSpec(result);
    }

    public PipelineSpec readPipeline(String json) {
        try {
            return pipeline(mapper.readTree(json), "pipeline");
        } catch (JsonProcessingException e) {
            throw notJson(e);
        }
    }

    private PipelineSpec pipeline(JsonNode node, String where) {
        object(node, where);
        only(node, where, "learner", "options", "filters");
        List<FilterSpec> filters = new ArrayList<>();
        JsonNode filterNodes = node.get("filters");
        if (filterNodes != null && !filterNodes.isNull()) {
            if (!filterNodes.isArray() || filterNodes.size() > MAX_FILTERS) {
                throw malformed(where + ": 'filters' must be an array of at most " + MAX_FILTERS);
            }
            for (JsonNode filter : filterNodes) {
                object(filter, where + " filter");
                only(filter, where + " filter", "name", "options", "tokenizer");
                TokenizerSpec tokenizer = null;
                JsonNode tokenizerNode = filter.get("tokenizer");
                if (tokenizerNode != null && !tokenizerNode.isNull()) {
                    object(tokenizerNode, where + " tokenizer");
                    only(tokenizerNode, where + " tokenizer", "name", "options");
                    tokenizer = new TokenizerSpec(text(tokenizerNode, "name", where), strings(tokenizerNode, where));
                }
                filters.add(new FilterSpec(text(filter, "name", where), strings(filter, where), tokenizer));
            }
        }
        return new PipelineSpec(text(node, "learner", where), strings(node, where), filters);
    }

    public String canonical(CandidateSpec spec) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode pipelines = root.putObject("pipelines");
        spec.pipelines().forEach((task, pipeline) -> pipelines.set(task, node(pipeline)));
        return write(root);
    }

    public String canonical(PipelineSpec pipeline) {
        return write(node(pipeline));
    }

    public ObjectNode node(PipelineSpec pipeline) {
        ObjectNode node = mapper.createObjectNode();
        ArrayNode filters = node.putArray("filters");
        for (FilterSpec filter : pipeline.filters()) {
            ObjectNode f = filters.addObject();
            f.put("name", filter.name());
            strings(f.putArray("options"), filter.options());
            if (filter.tokenizer() != null) {
                ObjectNode t = f.putObject("tokenizer");
                t.put("name", filter.tokenizer().name());
                strings(t.putArray("options"), filter.tokenizer().options());
            }
        }
        node.put("learner", pipeline.learner());
        strings(node.putArray("options"), pipeline.options());
        return node;
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static JsonNode object(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw malformed(where + " must be a JSON object");
        }
        return node;
    }

    private static void only(JsonNode node, String where, String... allowed) {
        List<String> names = List.of(allowed);
        node.fieldNames().forEachRemaining(name -> {
            if (!names.contains(name)) {
                throw malformed(where + ": unknown field '" + name + "'");
            }
        });
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank() || value.asText().length() > 64) {
            throw malformed(where + ": '" + field + "' must be a short string");
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode node, String where) {
        JsonNode options = node.get("options");
        if (options == null || options.isNull()) {
            return List.of();
        }
        if (!options.isArray()) {
            throw malformed(where + ": 'options' must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode option : options) {
            if (!option.isTextual() || option.asText().length() > 64) {
                throw malformed(where + ": every option must be a short string");
            }
            values.add(option.asText());
        }
        return values;
    }

    /** Where the JSON broke, in our words: Jackson's own message names its internals. */
    public static SpecRejectedException notJson(JsonProcessingException e) {
        return malformed(e.getLocation() == null ? "not JSON"
                : "not JSON (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    }

    private static SpecRejectedException malformed(String message) {
        return new SpecRejectedException(SpecRejectedException.MALFORMED, message);
    }
}
