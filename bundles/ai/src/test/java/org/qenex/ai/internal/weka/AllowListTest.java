package org.qenex.ai.internal.weka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.spec.SpecRejectedException;

import weka.classifiers.Classifier;
import weka.classifiers.meta.FilteredClassifier;
import weka.classifiers.trees.J48;
import weka.core.Option;
import weka.core.OptionHandler;

public class AllowListTest {

    private final WekaAllowList allowList = new WekaAllowList();
    private final PipelineFactory factory = new PipelineFactory(allowList);
    private final SpecJson json = new SpecJson();

    private String rejection(String pipelineJson) {
        try {
            factory.build(json.readPipeline(pipelineJson));
        } catch (SpecRejectedException e) {
            return e.code();
        }
        fail("accepted: " + pipelineJson);
        return null;
    }

    @Test
    public void everyAllowedOptionIsOneWekaKnows() {
        check(allowList.learners());
        check(allowList.filters());
        check(allowList.tokenizers());
    }

    private static <T> void check(Map<String, AllowedComponent<T>> components) {
        for (AllowedComponent<T> component : components.values()) {
            Set<String> known = new HashSet<>();
            for (Option option : Collections.list(((OptionHandler) component.newInstance()).listOptions())) {
                known.add("-" + option.name());
            }
            for (OptionRule rule : component.rules()) {
                assertTrue(component.name() + " has no option " + rule.flag(), known.contains(rule.flag()));
            }
        }
    }

    @Test
    public void aNewSpecificationNamesNoKeyTwiceWhileAProofsSignedOneReadsAsEveryNodeReadIt() {
        String twice = "{\"pipelines\":{\"t\":{\"learner\":\"J48\"},\"t\":{\"learner\":\"ZeroR\"}}}";
        SpecRejectedException e = assertThrows(SpecRejectedException.class, () -> json.parseNew(twice));
        assertEquals(SpecRejectedException.MALFORMED, e.code());
        assertEquals("a key appears twice: 't'", e.getMessage());
        assertThrows(SpecRejectedException.class,
                () -> json.parseNew("{\"pipelines\":{\"t\":{\"learner\":\"J48\",\"learner\":\"ZeroR\"}}}"));
        // a proof made before: unchanged, the last value counts (consensus: every node reads it alike)
        assertEquals("ZeroR", json.parse(twice).pipelines().get("t").learner());
    }

    @Test
    public void buildsAllowedPipelinesDirectly() {
        Classifier j48 = factory.build(json.readPipeline("{\"learner\":\"J48\",\"options\":[\"-C\",\"0.1\",\"-M\",\"5\"]}"));
        assertTrue(j48 instanceof J48);
        assertEquals(0.1f, ((J48) j48).getConfidenceFactor(), 1e-6);
        Classifier text = factory.build(json.readPipeline("{\"learner\":\"NaiveBayesMultinomial\",\"filters\":[{\"name\":"
                + "\"StringToWordVector\",\"options\":[\"-W\",\"300\",\"-L\"],\"tokenizer\":{\"name\":\"CharacterNGramTokenizer\","
                + "\"options\":[\"-min\",\"2\",\"-max\",\"3\"]}}]}"));
        assertTrue(text instanceof FilteredClassifier);
    }

    @Test
    public void refusesUnknownLearnersFiltersAndTokenizers() {
        assertEquals(SpecRejectedException.UNKNOWN_LEARNER, rejection("{\"learner\":\"weka.classifiers.trees.J48\"}"));
        assertEquals(SpecRejectedException.UNKNOWN_LEARNER, rejection("{\"learner\":\"Vote\"}"));
        assertEquals(SpecRejectedException.UNKNOWN_FILTER, rejection("{\"learner\":\"J48\",\"filters\":[{\"name\":\"AddExpression\"}]}"));
        assertEquals(SpecRejectedException.UNKNOWN_FILTER, rejection("{\"learner\":\"J48\",\"filters\":[{\"name\":"
                + "\"StringToWordVector\",\"tokenizer\":{\"name\":\"weka.core.tokenizers.WordTokenizer\"}}]}"));
    }

    @Test
    public void refusesEveryOptionThatReadsOrWritesFilesOrNamesClasses() {
        for (List<String> options : List.of(List.of("-t", "/etc/passwd"), List.of("-d", "/tmp/model"), List.of("-l", "m.model"),
                List.of("-D"), List.of("-output-debug-info"), List.of("-num-slots", "8"), List.of("-K", "weka.core.Foo"))) {
            String code = rejection("{\"learner\":\"RandomForest\",\"options\":" + toJson(options) + "}");
            assertTrue(options + " -> " + code, code.equals(SpecRejectedException.OPTION_NOT_ALLOWED)
                    || code.equals(SpecRejectedException.BAD_OPTION_VALUE));
        }
        assertEquals(SpecRejectedException.OPTION_NOT_ALLOWED, rejection("{\"learner\":\"J48\",\"filters\":[{\"name\":"
                + "\"StringToWordVector\",\"options\":[\"-stopwords\",\"/etc/shadow\"]}]}"));
        assertEquals(SpecRejectedException.OPTION_NOT_ALLOWED, rejection("{\"learner\":\"J48\",\"filters\":[{\"name\":"
                + "\"StringToWordVector\",\"options\":[\"-dictionary\",\"/tmp/out\"]}]}"));
        assertEquals(SpecRejectedException.OPTION_NOT_ALLOWED, rejection("{\"learner\":\"SMO\",\"options\":[\"-K\","
                + "\"weka.classifiers.functions.supportVector.PolyKernel\"]}"));
    }

    @Test
    public void refusesMalformedAndOutOfRangeValues() {
        assertEquals(SpecRejectedException.BAD_OPTION_VALUE, rejection("{\"learner\":\"J48\",\"options\":[\"-M\",\"two\"]}"));
        assertEquals(SpecRejectedException.BAD_OPTION_VALUE, rejection("{\"learner\":\"J48\",\"options\":[\"-C\",\"0.9\"]}"));
        assertEquals(SpecRejectedException.BAD_OPTION_VALUE, rejection("{\"learner\":\"J48\",\"options\":[\"-M\"]}"));
        assertEquals(SpecRejectedException.BAD_OPTION_VALUE, rejection("{\"learner\":\"RandomForest\",\"options\":[\"-I\",\"100000\"]}"));
        assertEquals(SpecRejectedException.MALFORMED, rejection("{\"learner\":\"J48\",\"options\":[\"-M\",\"2\",\"-M\",\"3\"]}"));
        assertEquals(SpecRejectedException.MALFORMED, rejection("{\"learner\":\"J48\",\"extra\":1}"));
        assertEquals(SpecRejectedException.MALFORMED, rejection("[1,2]"));
        // an option that works only with another (the allow-list's "requires"): Weka ignored J48's -N without -R
        // and such a candidate was accepted as a new version; PART's failed in training after queueing
        assertEquals(SpecRejectedException.BAD_OPTION_VALUE, rejection("{\"learner\":\"J48\",\"options\":[\"-N\",\"3\"]}"));
        assertEquals(SpecRejectedException.BAD_OPTION_VALUE, rejection("{\"learner\":\"J48\",\"options\":[\"-Q\",\"5\"]}"));
        assertEquals(SpecRejectedException.BAD_OPTION_VALUE, rejection("{\"learner\":\"PART\",\"options\":[\"-N\",\"7\"]}"));
        assertNotNull(factory.build(json.readPipeline("{\"learner\":\"J48\",\"options\":[\"-N\",\"3\",\"-R\"]}")));
        assertNotNull(factory.build(json.readPipeline("{\"learner\":\"PART\",\"options\":[\"-R\",\"-N\",\"7\"]}")));
    }

    @Test
    public void canonicalJsonIsIndependentOfFieldOrder() {
        PipelineSpec a = json.readPipeline("{\"options\":[\"-M\",\"3\"],\"learner\":\"J48\"}");
        PipelineSpec b = json.readPipeline("{\"learner\":\"J48\",\"filters\":[],\"options\":[\"-M\",\"3\"]}");
        assertEquals(json.canonical(a), json.canonical(b));
        assertEquals("{\"filters\":[],\"learner\":\"J48\",\"options\":[\"-M\",\"3\"]}", json.canonical(a));
    }

    private static String toJson(List<String> options) {
        return "[" + String.join(",", options.stream().map(o -> "\"" + o + "\"").toList()) + "]";
    }
}
