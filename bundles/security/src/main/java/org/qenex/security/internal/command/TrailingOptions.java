package org.qenex.security.internal.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Options written after the arguments ({@code qenex:token create ci --roles viewer}). Karaf's
 * parser takes options only before the first argument and hands the rest over as arguments, so
 * the commands' multi-valued argument is split here into plain arguments and these options.
 */
final class TrailingOptions {

    private final List<String> arguments = new ArrayList<>();

    /**
     * @param given the arguments as Karaf passed them
     * @param options the options' current values by name ({@code --roles}); replaced when given
     */
    TrailingOptions(List<String> given, Map<String, String> options) {
        for (int i = 0; i < given.size(); i++) {
            String token = given.get(i);
            if (options.containsKey(token)) {
                if (i + 1 >= given.size()) {
                    throw new IllegalArgumentException("missing value for " + token);
                }
                options.put(token, given.get(++i));
            } else if (token.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + token);
            } else {
                arguments.add(token);
            }
        }
    }

    /** The {@code index}-th plain argument, or an error naming {@code what}. */
    String argument(int index, String what) {
        if (arguments.size() <= index || arguments.get(index).isBlank()) {
            throw new IllegalArgumentException("missing " + what);
        }
        return arguments.get(index);
    }
}
