package org.qenex.ai.internal.weka;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One option a learner or filter may be given: a flag alone, or a flag with an integer, decimal
 * or enumerated value in a range. Values are never free text, so no option can name a file, a
 * class or an expression.
 */
public record OptionRule(String flag, Kind kind, double min, double max, Set<String> choices, List<String> requires) {

    public enum Kind { FLAG, INTEGER, DECIMAL, CHOICE }

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,9}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,9}(\\.[0-9]{1,12})?([eE]-?[0-9]{1,3})?");

    public OptionRule {
        choices = Set.copyOf(choices);
        requires = List.copyOf(requires);
    }

    public static OptionRule flag(String flag) {
        return new OptionRule(flag, Kind.FLAG, 0, 0, Set.of(), List.of());
    }

    public static OptionRule integer(String flag, long min, long max) {
        return new OptionRule(flag, Kind.INTEGER, min, max, Set.of(), List.of());
    }

    public static OptionRule decimal(String flag, double min, double max) {
        return new OptionRule(flag, Kind.DECIMAL, min, max, Set.of(), List.of());
    }

    public static OptionRule choice(String flag, String... values) {
        return new OptionRule(flag, Kind.CHOICE, 0, 0, Set.of(values), List.of());
    }

    /** This rule, documenting that Weka refuses the option unless {@code flags} (flags without a value) are given too. */
    public OptionRule requires(String... flags) {
        return new OptionRule(flag, kind, min, max, choices, List.of(flags));
    }

    public boolean takesValue() {
        return kind != Kind.FLAG;
    }

    /** Whether {@code value} is acceptable for this option; {@code null} when it is, else why not. */
    public String problemWith(String value) {
        switch (kind) {
            case INTEGER -> {
                if (!INTEGER.matcher(value).matches()) {
                    return "expects an integer";
                }
                return inRange(Long.parseLong(value));
            }
            case DECIMAL -> {
                if (!DECIMAL.matcher(value).matches()) {
                    return "expects a decimal number";
                }
                return inRange(Double.parseDouble(value));
            }
            case CHOICE -> {
                return choices.contains(value) ? null : "expects one of " + choices.stream().sorted().toList();
            }
            default -> {
                return "takes no value";
            }
        }
    }

    private String inRange(double value) {
        return value >= min && value <= max ? null : "must be between " + format(min) + " and " + format(max);
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
