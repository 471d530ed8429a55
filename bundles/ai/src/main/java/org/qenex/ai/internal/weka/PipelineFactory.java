package org.qenex.ai.internal.weka;

import java.util.ArrayList;
import java.util.List;

import org.qenex.ai.internal.spec.FilterSpec;
import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.spec.SpecRejectedException;

import weka.classifiers.Classifier;
import weka.classifiers.meta.FilteredClassifier;
import weka.core.tokenizers.Tokenizer;
import weka.filters.Filter;
import weka.filters.MultiFilter;
import weka.filters.unsupervised.attribute.StringToWordVector;

/**
 * Builds an untrained Weka pipeline from a specification, constructing every class directly from
 * the {@link WekaAllowList}. A pipeline with filters is a {@link FilteredClassifier}, so that the
 * trained model carries its filters and scores raw rows.
 */
public final class PipelineFactory {

    private final WekaAllowList allowList;

    public PipelineFactory(WekaAllowList allowList) {
        this.allowList = allowList;
    }

    /** @throws SpecRejectedException if anything in it is not allowed or Weka refuses an option */
    public Classifier build(PipelineSpec spec) {
        AllowedComponent<Classifier> learner = allowList.learner(spec.learner()).orElseThrow(
                () -> new SpecRejectedException(SpecRejectedException.UNKNOWN_LEARNER,
                        "unknown learner '" + spec.learner() + "' (allowed: " + allowList.learners().keySet().stream().sorted().toList() + ")"));
        Classifier classifier = configured(learner, spec.options());
        if (spec.filters().isEmpty()) {
            return classifier;
        }
        List<Filter> filters = new ArrayList<>();
        for (FilterSpec filterSpec : spec.filters()) {
            filters.add(filter(filterSpec));
        }
        FilteredClassifier pipeline = new FilteredClassifier();
        pipeline.setClassifier(classifier);
        if (filters.size() == 1) {
            pipeline.setFilter(filters.get(0));
        } else {
            MultiFilter chain = new MultiFilter();
            chain.setFilters(filters.toArray(Filter[]::new));
            pipeline.setFilter(chain);
        }
        return pipeline;
    }

    private Filter filter(FilterSpec spec) {
        AllowedComponent<Filter> allowed = allowList.filter(spec.name()).orElseThrow(
                () -> new SpecRejectedException(SpecRejectedException.UNKNOWN_FILTER,
                        "unknown filter '" + spec.name() + "' (allowed: " + allowList.filters().keySet().stream().sorted().toList() + ")"));
        Filter filter = configured(allowed, spec.options());
        if (spec.tokenizer() != null) {
            if (!(filter instanceof StringToWordVector words)) {
                throw new SpecRejectedException(SpecRejectedException.MALFORMED, spec.name() + " takes no tokenizer");
            }
            AllowedComponent<Tokenizer> tokenizer = allowList.tokenizer(spec.tokenizer().name()).orElseThrow(
                    () -> new SpecRejectedException(SpecRejectedException.UNKNOWN_FILTER,
                            "unknown tokenizer '" + spec.tokenizer().name() + "' (allowed: "
                                    + allowList.tokenizers().keySet().stream().sorted().toList() + ")"));
            words.setTokenizer(configured(tokenizer, spec.tokenizer().options()));
        }
        return filter;
    }

    private static <T> T configured(AllowedComponent<T> allowed, List<String> options) {
        String[] checked = allowed.validate(options);
        try {
            return allowed.configured(checked);
        } catch (Exception e) {
            throw new SpecRejectedException(SpecRejectedException.BAD_OPTION_VALUE,
                    allowed.name() + ": options refused: " + e.getMessage());
        }
    }
}
