package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.qenex.api.ai.BenchmarkTask;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every allow-listed learner, filter and tokenizer, with every option the node publishes at each
 * end of its range (or each of its values), trains inside the container: Weka's class lookup by
 * name does not work inside OSGi, and RandomForest and SMO used it for any option. The list walked
 * is the node's own ({@code GET /api/v1/ai/allow-list}), trained with {@code qenex:ai evaluate} on
 * two tiny tasks registered as a plugin would. Also: limits per authenticated user on REST and the shell.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AllowListIT extends QenexTestSupport {

    /** The majority-class baseline itself as a candidate: judged, never accepted. */
    private static final String CANDIDATE = "{\"pipelines\": {\"" + SmallTask.NUMBERS + "\": {\"learner\": \"ZeroR\"}}}";

    @Configuration
    public Option[] config() {
        return baseConfiguration(editConfigurationFilePut("etc/org.qenex.ai.improver.cfg", "enabled", "false"),
                editConfigurationFilePut("etc/org.qenex.ai.cfg", "submissionsPerUserPerHour", "3"));
    }

    /**
     * Limits hold per authenticated user whatever contributor key a submission is signed with, over
     * REST and in the shell alike; another user keeps a quota of its own. The candidates are the
     * majority-class baseline itself, so none becomes a version and every signature stays current.
     */
    @Test
    public void submissionsAreLimitedPerUserOverRestAndInTheShell() throws Exception {
        ServiceRegistration<BenchmarkTask> task = bundleContext.registerService(BenchmarkTask.class,
                new SmallTask(SmallTask.NUMBERS), null);
        try {
            addUser("quota-op", "quota-op-password-1", "_g_:operatorgroup");
            addUser("other-op", "other-op-password-1", "_g_:operatorgroup");
            await("the AI answers with the test task", () -> {
                try {
                    return get("/api/v1/ai/tasks", "quota-op", "quota-op-password-1").body().contains(SmallTask.NUMBERS);
                } catch (Exception e) {
                    return false;
                }
            });
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> accepted = submit("quota-op", "quota-op-password-1", new JdkOnlyWallet());
                assertEquals(accepted.body(), 202, accepted.statusCode());
            }
            // a fresh contributor key is no fresh quota
            assertJsonError(submit("quota-op", "quota-op-password-1", new JdkOnlyWallet()), 429, "rate_limited");
            // nor is the shell: the session's user is the same
            await("the ledger in the shell", () -> {
                try {
                    return shellAsAdmin("qenex:chain head").contains("Height");
                } catch (Exception e) {
                    return false;
                }
            });
            String created = shellAsAdmin("qenex:wallet --passphrase quota-wallet-pass create quota-wallet");
            assertTrue(created, created.contains("qx1"));
            String shell = shell("quota-op", java.util.Set.of("operator", "viewer"),
                    "qenex:ai --passphrase quota-wallet-pass submit quota-wallet '" + CANDIDATE + "'");
            assertTrue(shell, shell.contains("rate_limited") && shell.contains("quota-op"));
            // another user has a quota of its own
            HttpResponse<String> other = submit("other-op", "other-op-password-1", new JdkOnlyWallet());
            assertEquals(other.body(), 202, other.statusCode());
        } finally {
            task.unregister();
        }
    }

    /** The baseline candidate, signed by {@code contributor} for the genesis version (no version is ever accepted here). */
    private HttpResponse<String> submit(String user, String password, JdkOnlyWallet contributor) throws Exception {
        String parent = "0".repeat(64);
        String body = JSON.writeValueAsString(java.util.Map.of("contributor", contributor.address(), "parent", parent,
                "candidate", CANDIDATE, "publicKey", contributor.publicKeyHex(), "signature",
                contributor.signCandidateHex(parent, CANDIDATE)));
        return post("/api/v1/ai/candidates", body, user, password);
    }

    @Test
    public void everyAllowListedLearnerFilterAndTokenizerTrainsWithEveryOption() throws Exception {
        List<ServiceRegistration<BenchmarkTask>> registrations = List.of(
                bundleContext.registerService(BenchmarkTask.class, new SmallTask(SmallTask.NUMBERS), null),
                bundleContext.registerService(BenchmarkTask.class, new SmallTask(SmallTask.WORDS), null));
        try {
            String password = adminPassword();
            await("the AI answers with both test tasks", () -> {
                try {
                    String tasks = get("/api/v1/ai/tasks", ADMIN, password).body();
                    return tasks.contains(SmallTask.NUMBERS) && tasks.contains(SmallTask.WORDS);
                } catch (Exception e) {
                    return false;
                }
            });
            HttpResponse<String> response = get("/api/v1/ai/allow-list", ADMIN, password);
            assertEquals(response.body(), 200, response.statusCode());
            JsonNode allowList = json(response);
            assertTrue(response.body(), allowList.path("learners").size() >= 15);

            List<String> failures = new ArrayList<>();
            int trained = 0;
            for (JsonNode learner : allowList.path("learners")) {
                for (List<String> options : optionSets(learner)) {
                    trained += evaluate(SmallTask.NUMBERS, pipeline(learner.path("name").asText(), options, ""), failures);
                }
            }
            for (JsonNode filter : allowList.path("filters")) {
                String name = filter.path("name").asText();
                boolean text = name.equals("StringToWordVector");
                for (List<String> options : optionSets(filter)) {
                    trained += evaluate(text ? SmallTask.WORDS : SmallTask.NUMBERS, pipeline("J48", List.of(),
                            "{\"name\": \"" + name + "\", \"options\": " + array(options) + "}"), failures);
                }
            }
            for (JsonNode tokenizer : allowList.path("tokenizers")) {
                for (List<String> options : optionSets(tokenizer)) {
                    trained += evaluate(SmallTask.WORDS, pipeline("NaiveBayesMultinomial", List.of(),
                            "{\"name\": \"StringToWordVector\", \"options\": [\"-W\", \"50\"], \"tokenizer\": {\"name\": \""
                                    + tokenizer.path("name").asText() + "\", \"options\": " + array(options) + "}}"),
                            failures);
                }
            }
            assertEquals(String.join("\n", failures), List.of(), failures);
            assertTrue("trained " + trained, trained > 100);
            // the example from docs/ai.md
            String example = shellAsAdmin("qenex:ai evaluate '{\"pipelines\": {\"" + SmallTask.NUMBERS
                    + "\": {\"learner\": \"RandomForest\", \"options\": [\"-I\", \"40\", \"-S\", \"7\"]}}}'");
            assertTrue(example, example.contains("(public split)"));
        } finally {
            registrations.forEach(ServiceRegistration::unregister);
        }
    }

    private int evaluate(String task, String pipeline, List<String> failures) throws Exception {
        String command = "qenex:ai evaluate '{\"pipelines\": {\"" + task + "\": " + pipeline + "}}'";
        String output = shellAsAdmin(command);
        if (!output.contains(task) || !output.contains("(public split)")) {
            failures.add(pipeline + " -> " + output.strip());
        }
        return 1;
    }

    private static String pipeline(String learner, List<String> options, String filter) {
        return "{\"learner\": \"" + learner + "\", \"options\": " + array(options) + ", \"filters\": ["
                + filter + "]}";
    }

    /** No options; each flag alone; each integer or decimal at both ends of its range; each choice; plus what it requires. */
    private static List<List<String>> optionSets(JsonNode component) {
        List<List<String>> sets = new ArrayList<>();
        sets.add(List.of());
        for (JsonNode option : component.path("options")) {
            String flag = option.path("flag").asText();
            List<String> values = new ArrayList<>();
            switch (option.path("kind").asText()) {
                case "flag" -> values.add(null);
                case "integer", "decimal" -> {
                    values.add(option.path("min").asText());
                    values.add(option.path("max").asText());
                }
                case "choice" -> option.path("choices").forEach(c -> values.add(c.asText()));
                default -> throw new AssertionError("unknown option kind in " + option);
            }
            for (String value : values) {
                List<String> set = new ArrayList<>();
                set.add(flag);
                if (value != null) {
                    set.add(value);
                }
                option.path("requires").forEach(r -> set.add(r.asText()));
                sets.add(set);
            }
        }
        return sets;
    }

    private static String array(List<String> values) {
        return "[" + String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList()) + "]";
    }
}
