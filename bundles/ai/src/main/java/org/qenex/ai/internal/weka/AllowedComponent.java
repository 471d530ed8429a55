package org.qenex.ai.internal.weka;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.qenex.ai.internal.spec.SpecRejectedException;

/**
 * An allow-listed Weka class: its short name, how to construct it directly (class discovery and
 * {@code forName} do not work inside OSGi, and must not: a specification never names a class),
 * and the options it may be given.
 */
public final class AllowedComponent<T> {

    private final String name;
    private final Supplier<T> constructor;
    private final OptionApplier<T> applier;
    private final Map<String, OptionRule> rules = new LinkedHashMap<>();

    AllowedComponent(String name, Supplier<T> constructor, OptionApplier<T> applier, OptionRule... rules) {
        this.name = name;
        this.constructor = constructor;
        this.applier = applier;
        for (OptionRule rule : rules) {
            this.rules.put(rule.flag(), rule);
        }
    }

    public String name() {
        return name;
    }

    public List<OptionRule> rules() {
        return List.copyOf(rules.values());
    }

    /** The flags Weka refuses {@code flag} without (e.g. J48's folds only with reduced-error pruning). */
    public List<String> requirements(String flag) {
        OptionRule rule = rules.get(flag);
        return rule == null ? List.of() : rule.requires();
    }

    public T newInstance() {
        return constructor.get();
    }

    /**
     * A new instance given {@code options}, which must have passed {@link #validate(List)}.
     *
     * @throws Exception what Weka throws for options it refuses
     */
    public T configured(String[] checked) throws Exception {
        T instance = constructor.get();
        if (checked.length > 0) {
            applier.apply(instance, checked);
        }
        return instance;
    }

    /**
     * How validated options reach an instance: Weka's own {@code setOptions}, except for the
     * classes whose {@code setOptions} looks a class up by name (which fails inside OSGi).
     */
    @FunctionalInterface
    interface OptionApplier<T> {
        void apply(T instance, String[] options) throws Exception;
    }

    /**
     * Checks {@code options} against the allow-list: every element a known flag, each flag at most
     * once, each value well formed and in range, each flag's required flags present.
     *
     * @return a copy for Weka's {@code setOptions}, which empties the array it is given
     * @throws SpecRejectedException naming the first offending option
     */
    public String[] validate(List<String> options) {
        if (options.size() > 40) {
            throw new SpecRejectedException(SpecRejectedException.MALFORMED, name + ": too many options");
        }
        Set<String> seen = new HashSet<>();
        List<String> checked = new ArrayList<>(options.size());
        for (int i = 0; i < options.size(); i++) {
            String flag = options.get(i);
            OptionRule rule = rules.get(flag);
            if (rule == null) {
                throw new SpecRejectedException(SpecRejectedException.OPTION_NOT_ALLOWED,
                        name + ": option '" + abbreviate(flag) + "' is not allowed (allowed: " + rules.keySet() + ")");
            }
            if (!seen.add(flag)) {
                throw new SpecRejectedException(SpecRejectedException.MALFORMED, name + ": option " + flag + " given twice");
            }
            checked.add(flag);
            if (rule.takesValue()) {
                if (i + 1 >= options.size()) {
                    throw new SpecRejectedException(SpecRejectedException.BAD_OPTION_VALUE, name + ": " + flag + " needs a value");
                }
                String value = options.get(++i);
                String problem = rule.problemWith(value);
                if (problem != null) {
                    throw new SpecRejectedException(SpecRejectedException.BAD_OPTION_VALUE,
                            name + ": " + flag + " " + problem + ", got '" + abbreviate(value) + "'");
                }
                checked.add(value);
            }
        }
        // an option that only works with another (J48's -N with -R): Weka ignores it silently or fails
        // in training, so a candidate must not be queued, judged, even accepted on it
        for (String flag : seen) {
            for (String needed : requirements(flag)) {
                if (!seen.contains(needed)) {
                    throw new SpecRejectedException(SpecRejectedException.BAD_OPTION_VALUE,
                            name + ": " + flag + " requires " + needed);
                }
            }
        }
        return checked.toArray(String[]::new);
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
