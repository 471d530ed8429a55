package org.qenex.kernel.internal.supervisor;

/** What kind of thing a supervised part is; also the prefix of its name. */
public enum PartKind {
    BUNDLE("bundle:"),
    COMPONENT("component:"),
    HEALTH("health:");

    private final String prefix;

    PartKind(String prefix) {
        this.prefix = prefix;
    }

    public String partName(String name) {
        return prefix + name;
    }

    public static PartKind ofPartName(String part) {
        for (PartKind kind : values()) {
            if (part.startsWith(kind.prefix)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Not a part name: " + part);
    }
}
