package org.qenex.ai.internal.weka;

import static org.qenex.ai.internal.weka.OptionRule.choice;
import static org.qenex.ai.internal.weka.OptionRule.decimal;
import static org.qenex.ai.internal.weka.OptionRule.flag;
import static org.qenex.ai.internal.weka.OptionRule.integer;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.qenex.ai.internal.weka.AllowedComponent.OptionApplier;

import weka.classifiers.Classifier;
import weka.classifiers.bayes.NaiveBayes;
import weka.classifiers.bayes.NaiveBayesMultinomial;
import weka.classifiers.functions.Logistic;
import weka.classifiers.functions.SMO;
import weka.classifiers.functions.SimpleLogistic;
import weka.classifiers.lazy.IBk;
import weka.classifiers.rules.JRip;
import weka.classifiers.rules.OneR;
import weka.classifiers.rules.PART;
import weka.classifiers.rules.ZeroR;
import weka.classifiers.trees.DecisionStump;
import weka.classifiers.trees.J48;
import weka.classifiers.trees.REPTree;
import weka.classifiers.trees.RandomForest;
import weka.classifiers.trees.RandomTree;
import weka.core.OptionHandler;
import weka.core.tokenizers.AlphabeticTokenizer;
import weka.core.tokenizers.CharacterNGramTokenizer;
import weka.core.tokenizers.NGramTokenizer;
import weka.core.tokenizers.Tokenizer;
import weka.core.tokenizers.WordTokenizer;
import weka.filters.Filter;
import weka.filters.supervised.attribute.Discretize;
import weka.filters.unsupervised.attribute.Normalize;
import weka.filters.unsupervised.attribute.RemoveUseless;
import weka.filters.unsupervised.attribute.ReplaceMissingValues;
import weka.filters.unsupervised.attribute.Standardize;
import weka.filters.unsupervised.attribute.StringToWordVector;

/**
 * The only Weka classes a specification can name, with the only options each may take.
 *
 * <p>Left out on purpose: every option that takes a file (training, test, model, dictionary,
 * stop words), a class name (kernels, search algorithms, stemmers, nested classifiers), an
 * expression, debug or printing output, or more threads ({@code -num-slots}). Ranges bound the
 * cost of training, together with the CPU budget.
 */
public final class WekaAllowList {

    private final Map<String, AllowedComponent<Classifier>> learners = new TreeMap<>();
    private final Map<String, AllowedComponent<Filter>> filters = new TreeMap<>();
    private final Map<String, AllowedComponent<Tokenizer>> tokenizers = new TreeMap<>();

    public WekaAllowList() {
        learner("ZeroR", ZeroR::new);
        learner("OneR", OneR::new, integer("-B", 1, 1000));
        learner("DecisionStump", DecisionStump::new);
        learner("J48", J48::new, flag("-U"), flag("-O"), decimal("-C", 0.001, 0.5), integer("-M", 1, 1000),
                flag("-R"), integer("-N", 2, 20).requires("-R"), flag("-B"), flag("-S"), flag("-A"), flag("-J"),
                integer("-Q", 0, 1_000_000).requires("-R"));
        learner("REPTree", REPTree::new, integer("-M", 1, 1000), decimal("-V", 0, 1), integer("-N", 2, 20),
                integer("-S", 0, 1_000_000), flag("-P"), integer("-L", -1, 100));
        learner("RandomTree", RandomTree::new, integer("-K", 0, 1000), decimal("-M", 0.5, 1000),
                integer("-S", 0, 1_000_000), integer("-depth", 0, 100), integer("-N", 0, 20));
        learner("RandomForest", RandomForest::new, DirectOptions::randomForest, integer("-P", 10, 100), integer("-I", 1, 200),
                integer("-K", 0, 1000), decimal("-M", 0.5, 1000), integer("-S", 0, 1_000_000), integer("-depth", 0, 100));
        learner("NaiveBayes", NaiveBayes::new, flag("-K"), flag("-D"));
        learner("NaiveBayesMultinomial", NaiveBayesMultinomial::new);
        learner("Logistic", Logistic::new, decimal("-R", 0, 1000), integer("-M", -1, 1000));
        learner("SimpleLogistic", SimpleLogistic::new, integer("-I", 0, 500), integer("-M", 1, 500),
                integer("-H", 0, 500), decimal("-W", 0, 1));
        learner("SMO", SMO::new, DirectOptions::smo, decimal("-C", 0.001, 100), decimal("-L", 1e-6, 0.1), choice("-N", "0", "1", "2"),
                integer("-W", 0, 1_000_000));
        learner("IBk", IBk::new, integer("-K", 1, 100), integer("-W", 0, 10_000), flag("-X"), flag("-I"), flag("-F"),
                flag("-E"));
        learner("JRip", JRip::new, integer("-F", 2, 10), decimal("-N", 1, 100), integer("-O", 0, 10),
                integer("-S", 0, 1_000_000), flag("-P"), flag("-E"));
        learner("PART", PART::new, decimal("-C", 0.001, 0.5), integer("-M", 1, 1000), flag("-R"),
                integer("-N", 2, 20).requires("-R"),
                flag("-B"), flag("-U"), flag("-J"), integer("-Q", 0, 1_000_000));

        filter("StringToWordVector", StringToWordVector::new, integer("-W", 1, 5000), flag("-C"), flag("-T"),
                flag("-I"), flag("-L"), choice("-N", "0", "1", "2"), integer("-M", 1, 100), flag("-O"));
        filter("Standardize", Standardize::new);
        filter("Normalize", Normalize::new, decimal("-S", 0.001, 1000), decimal("-T", -1000, 1000));
        filter("ReplaceMissingValues", ReplaceMissingValues::new);
        filter("RemoveUseless", RemoveUseless::new, decimal("-M", 0, 100));
        filter("Discretize", Discretize::new, flag("-E"), flag("-K"));

        tokenizer("WordTokenizer", WordTokenizer::new);
        tokenizer("AlphabeticTokenizer", AlphabeticTokenizer::new);
        tokenizer("NGramTokenizer", NGramTokenizer::new, integer("-min", 1, 3), integer("-max", 1, 3));
        tokenizer("CharacterNGramTokenizer", CharacterNGramTokenizer::new, integer("-min", 1, 5), integer("-max", 1, 5));
    }

    public Optional<AllowedComponent<Classifier>> learner(String name) {
        return Optional.ofNullable(learners.get(name));
    }

    public Optional<AllowedComponent<Filter>> filter(String name) {
        return Optional.ofNullable(filters.get(name));
    }

    public Optional<AllowedComponent<Tokenizer>> tokenizer(String name) {
        return Optional.ofNullable(tokenizers.get(name));
    }

    public Map<String, AllowedComponent<Classifier>> learners() {
        return Map.copyOf(learners);
    }

    public Map<String, AllowedComponent<Filter>> filters() {
        return Map.copyOf(filters);
    }

    public Map<String, AllowedComponent<Tokenizer>> tokenizers() {
        return Map.copyOf(tokenizers);
    }

    private void learner(String name, Supplier<Classifier> constructor, OptionRule... rules) {
        learners.put(name, new AllowedComponent<>(name, constructor, WekaAllowList::setOptions, rules));
    }

    @SuppressWarnings("unchecked")
    private <C extends Classifier> void learner(String name, Supplier<C> constructor, OptionApplier<C> applier,
            OptionRule... rules) {
        learners.put(name, new AllowedComponent<>(name, (Supplier<Classifier>) constructor,
                (instance, options) -> applier.apply((C) instance, options), rules));
    }

    private void filter(String name, Supplier<Filter> constructor, OptionRule... rules) {
        filters.put(name, new AllowedComponent<>(name, constructor, WekaAllowList::setOptions, rules));
    }

    private void tokenizer(String name, Supplier<Tokenizer> constructor, OptionRule... rules) {
        tokenizers.put(name, new AllowedComponent<>(name, constructor, WekaAllowList::setOptions, rules));
    }

    private static void setOptions(Object instance, String[] options) throws Exception {
        ((OptionHandler) instance).setOptions(options);
    }
}
