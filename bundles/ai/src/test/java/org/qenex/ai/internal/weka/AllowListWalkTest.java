package org.qenex.ai.internal.weka;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.Test;
import org.qenex.ai.internal.spec.FilterSpec;
import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.spec.TokenizerSpec;

import weka.classifiers.AbstractClassifier;
import weka.classifiers.Classifier;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

/**
 * Every allow-listed learner, filter and tokenizer, with every allowed option at each end of its
 * range (or each of its values), builds and trains. The container test {@code AllowListIT} walks
 * the same list inside OSGi, where Weka's class lookup by name fails.
 */
public class AllowListWalkTest {

    private final WekaAllowList allowList = new WekaAllowList();
    private final PipelineFactory factory = new PipelineFactory(allowList);

    @Test
    public void everyLearnerWithEveryOptionTrains() throws Exception {
        Instances numeric = numericData();
        List<String> failures = new ArrayList<>();
        for (AllowedComponent<Classifier> learner : allowList.learners().values()) {
            for (List<String> options : AllowListSamples.optionSets(learner)) {
                train(new PipelineSpec(learner.name(), options, List.of()), numeric, failures);
            }
        }
        assertEquals(String.join("\n", failures), List.of(), failures);
    }

    @Test
    public void everyFilterAndTokenizerWithEveryOptionTrains() throws Exception {
        Instances numeric = numericData();
        Instances text = textData();
        List<String> failures = new ArrayList<>();
        for (var filter : allowList.filters().values()) {
            for (List<String> options : AllowListSamples.optionSets(filter)) {
                Instances data = filter.name().equals("StringToWordVector") ? text : numeric;
                train(new PipelineSpec("J48", List.of(), List.of(new FilterSpec(filter.name(), options, null))), data, failures);
            }
        }
        for (var tokenizer : allowList.tokenizers().values()) {
            for (List<String> options : AllowListSamples.optionSets(tokenizer)) {
                train(new PipelineSpec("NaiveBayesMultinomial", List.of(), List.of(new FilterSpec("StringToWordVector",
                        List.of("-W", "50"), new TokenizerSpec(tokenizer.name(), options)))), text, failures);
            }
        }
        assertEquals(String.join("\n", failures), List.of(), failures);
    }

    /** The two classes configured without their own setOptions get exactly what setOptions would give them. */
    @Test
    public void directOptionsEqualWekasOwnSetOptions() throws Exception {
        Instances numeric = numericData();
        Map<String, List<List<String>>> cases = Map.of(
                "RandomForest", List.of(List.of(), List.of("-I", "7", "-P", "60", "-K", "1", "-M", "2", "-S", "42", "-depth", "3")),
                "SMO", List.of(List.of(), List.of("-C", "3.5", "-L", "0.01", "-N", "1", "-W", "9")));
        for (var entry : cases.entrySet()) {
            for (List<String> options : entry.getValue()) {
                Classifier ours = factory.build(new PipelineSpec(entry.getKey(), options, List.of()));
                Classifier weka = AbstractClassifier.forName("weka.classifiers." + (entry.getKey().equals("SMO")
                        ? "functions.SMO" : "trees.RandomForest"), options.toArray(String[]::new));
                assertArrayEquals(entry.getKey() + " " + options, ((weka.core.OptionHandler) weka).getOptions(),
                        ((weka.core.OptionHandler) ours).getOptions());
                ours.buildClassifier(numeric);
                weka.buildClassifier(numeric);
                assertArrayEquals(entry.getKey() + " " + options, bytes(weka), bytes(ours));
            }
        }
    }

    private void train(PipelineSpec spec, Instances data, List<String> failures) {
        try {
            Classifier classifier = factory.build(spec);
            classifier.buildClassifier(new Instances(data));
            classifier.distributionForInstance(data.instance(0));
        } catch (Exception | LinkageError e) {
            failures.add(spec + ": " + e);
        }
    }

    private static byte[] bytes(Object model) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(model);
        }
        return out.toByteArray();
    }

    static Instances numericData() {
        ArrayList<Attribute> attributes = new ArrayList<>(List.of(new Attribute("x"), new Attribute("y"),
                new Attribute("class", List.of("low", "high"))));
        Instances data = new Instances("numeric", attributes, 60);
        data.setClassIndex(2);
        Random random = new Random(1);
        for (int i = 0; i < 60; i++) {
            double x = random.nextInt(100);
            double y = random.nextInt(100);
            data.add(new DenseInstance(1, new double[] { x, y, x + y + random.nextInt(30) > 110 ? 1 : 0 }));
        }
        return data;
    }

    static Instances textData() {
        ArrayList<Attribute> attributes = new ArrayList<>(List.of(new Attribute("text", (List<String>) null),
                new Attribute("class", List.of("a", "b"))));
        Instances data = new Instances("text", attributes, 60);
        data.setClassIndex(1);
        String[][] words = { { "alpha", "apple", "anchor", "amber" }, { "beta", "banana", "bridge", "blue" } };
        Random random = new Random(2);
        for (int i = 0; i < 60; i++) {
            int label = i % 2;
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 6; w++) {
                text.append(words[random.nextInt(5) == 0 ? 1 - label : label][random.nextInt(4)]).append(' ');
            }
            double[] values = { data.attribute(0).addStringValue(text.toString().strip()), label };
            data.add(new DenseInstance(1, values));
        }
        return data;
    }
}
