package org.qenex.ai.outsider;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.TestWorkers;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.ai.internal.eval.CpuBudget;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.eval.TaskOutcome;
import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.PredictionFingerprint;
import org.qenex.ai.internal.version.VersionHashing;
import org.qenex.ai.internal.version.VersionTask;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;

/**
 * The outsider's reproduction ({@link OutsiderReproduction}: Java and Weka only, from the docs'
 * rules) equals what QENEX computes: data hash, model hash, held-out predictions and ppm, prediction
 * fingerprint and version hash of a first version that puts J48 on the mathematics task; each text
 * task's rows sampled from its shipped generator (training, public, and the epoch's held-out rows
 * from the secret), its data hash, a filtered pipeline's model hash and held-out predictions; and a
 * chain of three versions over all three tasks, linked by their hashes.
 */
public class OutsiderReproductionTest {

    /** QENEX trains in a worker process, as the node does. */
    private static WorkerProcess worker;

    @BeforeClass
    public static void startWorker() {
        worker = TestWorkers.start();
    }

    @AfterClass
    public static void stopWorker() {
        worker.close();
    }


    private static final String CONTRIBUTOR = "qx1outsider";
    private static final long AT = 1_767_225_600_000L;

    @Test
    public void theOutsiderUsesOnlyJavaAndWeka() throws Exception {
        Path source = Paths.get("src/test/java/org/qenex/ai/outsider/OutsiderReproduction.java");
        String text = Files.readString(source);
        Matcher imports = Pattern.compile("(?m)^import\\s+(static\\s+)?([\\w.]+)").matcher(text);
        int count = 0;
        while (imports.find()) {
            count++;
            String name = imports.group(2);
            assertTrue(name, name.startsWith("java.") || name.startsWith("weka."));
        }
        assertTrue(count > 5);
        String body = text.substring(text.indexOf("public final class"));
        assertTrue("no QENEX class named in the code", !body.contains("org.qenex"));
    }

    @Test
    public void theOutsiderGetsTheSameHashesAndScoresAsQenex() throws Exception {
        // QENEX: the task as the node builds it, J48 trained and scored by the node's evaluator.
        TaskInstances task = BuiltInTaskFixtures.named(OutsiderReproduction.TASK);
        PipelineEvaluator evaluator = new PipelineEvaluator(new PipelineFactory(new WekaAllowList()), worker);
        PipelineSpec j48 = new PipelineSpec("J48", List.of(), List.of());
        TaskOutcome outcome = evaluator.evaluate(j48, task, CpuBudget.open(Duration.ofMinutes(2)));
        TaskOutcome zeroR = evaluator.evaluate(PipelineSpec.BASELINE, task, CpuBudget.open(Duration.ofMinutes(2)));
        SpecJson json = new SpecJson();
        String fingerprint = PredictionFingerprint.of(Map.of(task.name(), outcome.heldOutPredictions()));
        String versionHash = VersionHashing.hash(ModelVersion.GENESIS_PARENT, List.of(new VersionTask(task.name(),
                task.version(), task.dataHash(), json.canonical(PipelineSpec.BASELINE), json.canonical(j48),
                outcome.model().hash(), zeroR.heldOutPredictions().accuracyPpm(), outcome.heldOutPredictions().accuracyPpm())),
                CONTRIBUTOR, AT, fingerprint);

        Method method = outsider().getMethod("firstVersionWithJ48", String.class, long.class, String.class, long.class);
        Object result = method.invoke(null, BuiltInTaskFixtures.PUBLIC_SECRET, 0L, CONTRIBUTOR, AT);
        assertEquals(task.dataHash(), field(result, "dataHash"));
        assertEquals(outcome.model().hash(), field(result, "modelHash"));
        assertArrayEquals(outcome.heldOutPredictions().predictedClasses(), (int[]) field(result, "predicted"));
        assertEquals(outcome.heldOutPredictions().accuracyPpm(), field(result, "heldOutPpm"));
        assertEquals(zeroR.heldOutPredictions().accuracyPpm(), field(result, "baselinePpm"));
        assertEquals(fingerprint, field(result, "fingerprint"));
        assertEquals(versionHash, field(result, "versionHash"));
    }

    /**
     * The outsider's class, loaded without QENEX's classes: a loader holding only Weka's jars (Weka,
     * and bounce, which its package manager loads) and the outsider's own class, refusing every other
     * QENEX class. Left open for the test JVM's life: the loaded classes stay in use.
     */
    private static Class<?> outsider() throws Exception {
        URL weka = weka.classifiers.trees.J48.class.getProtectionDomain().getCodeSource().getLocation();
        URL bounce = Class.forName("org.bounce.net.DefaultAuthenticator").getProtectionDomain().getCodeSource().getLocation();
        URL outsider = OutsiderReproduction.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader alone = new URLClassLoader(new URL[] { weka, bounce, outsider }, ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("org.qenex.") && !name.startsWith("org.qenex.ai.outsider.OutsiderReproduction")) {
                    throw new ClassNotFoundException(name + " is QENEX's, not the outsider's");
                }
                return super.loadClass(name, resolve);
            }
        };
        Class<?> type = alone.loadClass(OutsiderReproduction.class.getName());
        assertTrue(type.getClassLoader() == alone);
        return type;
    }

    @Test
    public void theOutsiderSamplesAndScoresTheLanguageTaskAsQenexDoes() throws Exception {
        textTask("language.fortunes", "languageWithWords", "300");
    }

    @Test
    public void theOutsiderSamplesAndScoresTheCodeTaskAsQenexDoes() throws Exception {
        textTask("code.weka-packages", "codeWithWords", "1000");
    }

    private void textTask(String name, String method, String words) throws Exception {
        TaskInstances task = BuiltInTaskFixtures.named(name);
        PipelineEvaluator evaluator = new PipelineEvaluator(new PipelineFactory(new WekaAllowList()), worker);
        TaskOutcome outcome = evaluator.evaluate(words(words), task, CpuBudget.open(Duration.ofMinutes(2)));
        Object result = outsider().getMethod(method, byte[].class, String.class, long.class)
                .invoke(null, generator(name), BuiltInTaskFixtures.PUBLIC_SECRET, 0L);
        assertEquals(task.dataHash(), field(result, "dataHash"));
        assertEquals(outcome.model().hash(), field(result, "modelHash"));
        assertArrayEquals(outcome.heldOutPredictions().predictedClasses(), (int[]) field(result, "predicted"));
        assertEquals(outcome.heldOutPredictions().accuracyPpm(), field(result, "heldOutPpm"));
    }

    /**
     * Three versions chained by their hashes, each listing all three tasks (the unchanged ones with
     * the parent's pipeline, model and score), as QENEX's version hashing and fingerprint compute
     * them from QENEX's own training.
     */
    @Test
    public void theOutsiderChainsThreeVersionsAsQenexDoes() throws Exception {
        PipelineEvaluator evaluator = new PipelineEvaluator(new PipelineFactory(new WekaAllowList()), worker);
        SpecJson json = new SpecJson();
        Map<String, TaskOutcome> champion = new TreeMap<>();
        for (TaskInstances task : BuiltInTaskFixtures.all()) {
            champion.put(task.name(), evaluator.evaluate(PipelineSpec.BASELINE, task, CpuBudget.open(Duration.ofMinutes(2))));
        }
        List<Map.Entry<String, PipelineSpec>> steps = List.of(
                Map.entry(OutsiderReproduction.TASK, new PipelineSpec("J48", List.of(), List.of())),
                Map.entry("language.fortunes", words("300")), Map.entry("code.weka-packages", words("1000")));
        String[] contributors = { "qx1first", "qx1second", "qx1third" };
        long[] times = { AT, AT + 60_000, AT + 120_000 };
        String parent = ModelVersion.GENESIS_PARENT;
        Map<String, PipelineSpec> pipelines = new TreeMap<>();
        champion.keySet().forEach(name -> pipelines.put(name, PipelineSpec.BASELINE));
        List<String> hashes = new java.util.ArrayList<>();
        List<String> fingerprints = new java.util.ArrayList<>();
        for (int v = 0; v < steps.size(); v++) {
            String changed = steps.get(v).getKey();
            Map<String, TaskOutcome> next = new TreeMap<>(champion);
            next.put(changed, evaluator.evaluate(steps.get(v).getValue(), BuiltInTaskFixtures.named(changed),
                    CpuBudget.open(Duration.ofMinutes(2))));
            Map<String, org.qenex.ai.internal.eval.Predictions> predictions = new TreeMap<>();
            next.forEach((name, outcome) -> predictions.put(name, outcome.heldOutPredictions()));
            String fingerprint = PredictionFingerprint.of(predictions);
            List<VersionTask> tasks = new java.util.ArrayList<>();
            for (Map.Entry<String, TaskOutcome> task : next.entrySet()) {
                String name = task.getKey();
                PipelineSpec pipeline = name.equals(changed) ? steps.get(v).getValue() : pipelines.get(name);
                TaskInstances instances = BuiltInTaskFixtures.named(name);
                tasks.add(new VersionTask(name, instances.version(), instances.dataHash(),
                        json.canonical(pipelines.get(name)), json.canonical(pipeline), task.getValue().model().hash(),
                        champion.get(name).heldOutPredictions().accuracyPpm(),
                        task.getValue().heldOutPredictions().accuracyPpm()));
            }
            parent = VersionHashing.hash(parent, tasks, contributors[v], times[v], fingerprint);
            hashes.add(parent);
            fingerprints.add(fingerprint);
            pipelines.put(changed, steps.get(v).getValue());
            champion = next;
        }
        Object result = outsider().getMethod("chainOfThreeVersions", byte[].class, byte[].class, String.class, long.class,
                String[].class, long[].class).invoke(null, generator("language.fortunes"), generator("code.weka-packages"),
                        BuiltInTaskFixtures.PUBLIC_SECRET, 0L, contributors, times);
        assertEquals(fingerprints, field(result, "fingerprints"));
        assertEquals(hashes, field(result, "versionHashes"));
    }

    private static PipelineSpec words(String count) {
        return new SpecJson().readPipeline("{\"learner\":\"NaiveBayesMultinomial\",\"filters\":"
                + "[{\"name\":\"StringToWordVector\",\"options\":[\"-W\",\"" + count + "\",\"-L\"]}]}");
    }

    /** The generator file as the repository ships it (beside the task classes). */
    private static byte[] generator(String task) throws Exception {
        String file = task.startsWith("language") ? "language.gen.gz" : "code.gen.gz";
        try (var in = org.qenex.ai.tasks.internal.LanguageIdentificationTask.class.getResourceAsStream(file)) {
            return in.readAllBytes();
        }
    }

    private static Object field(Object record, String name) throws Exception {
        return record.getClass().getMethod(name).invoke(record);
    }
}
