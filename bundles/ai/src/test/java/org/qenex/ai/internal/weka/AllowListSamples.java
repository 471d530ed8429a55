package org.qenex.ai.internal.weka;

import java.util.ArrayList;
import java.util.List;

/** Option lists that exercise every allowed option of a component: each flag, each end of each range, each choice. */
final class AllowListSamples {

    private AllowListSamples() {
    }

    static List<List<String>> optionSets(AllowedComponent<?> component) {
        List<List<String>> sets = new ArrayList<>();
        sets.add(List.of());
        for (OptionRule rule : component.rules()) {
            List<String> values = switch (rule.kind()) {
                case FLAG -> List.of();
                case INTEGER -> List.of(Long.toString((long) rule.min()), Long.toString((long) rule.max()));
                case DECIMAL -> List.of(Double.toString(rule.min()), Double.toString(rule.max()));
                case CHOICE -> rule.choices().stream().sorted().toList();
            };
            if (values.isEmpty()) {
                sets.add(withRequired(component, List.of(rule.flag())));
            }
            for (String value : values) {
                sets.add(withRequired(component, List.of(rule.flag(), value)));
            }
        }
        return sets;
    }

    private static List<String> withRequired(AllowedComponent<?> component, List<String> options) {
        List<String> result = new ArrayList<>(options);
        for (String required : component.requirements(options.get(0))) {
            result.add(required);
        }
        return result;
    }
}
