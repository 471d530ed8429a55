package org.qenex.api.ai;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Labelled rows: the columns, which of them is the class to predict, and the values, every value
 * a string (numbers in decimal). Immutable; validated on construction, so a dataset that exists
 * is well formed: every row has one value per column, numbers parse and are finite, nominal values
 * are among their labels, and the class column is nominal.
 *
 * @param attributes the columns
 * @param classIndex which column is the class; it must be {@link AttributeKind#NOMINAL}
 * @param rows the rows, each a list of one value per column
 * @since 1.0.0
 */
public record Dataset(List<Attribute> attributes, int classIndex, List<List<String>> rows) {

    public Dataset {
        attributes = List.copyOf(attributes);
        rows = rows.stream().map(List::copyOf).toList();
        if (classIndex < 0 || classIndex >= attributes.size()
                || attributes.get(classIndex).kind() != AttributeKind.NOMINAL) {
            throw new IllegalArgumentException("the class must be a nominal attribute");
        }
        if (attributes.stream().map(Attribute::name).distinct().count() != attributes.size()) {
            throw new IllegalArgumentException("attribute names must be distinct");
        }
        for (int r = 0; r < rows.size(); r++) {
            validate(attributes, r, rows.get(r));
        }
    }

    private static void validate(List<Attribute> attributes, int index, List<String> row) {
        if (row.size() != attributes.size()) {
            throw new IllegalArgumentException("row " + index + " has " + row.size() + " values, expected "
                    + attributes.size());
        }
        for (int a = 0; a < row.size(); a++) {
            String value = Objects.requireNonNull(row.get(a), "a value");
            Attribute attribute = attributes.get(a);
            switch (attribute.kind()) {
                case NUMERIC -> {
                    double number;
                    try {
                        number = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("row " + index + ", " + attribute.name() + ": not a number");
                    }
                    if (!Double.isFinite(number)) {
                        throw new IllegalArgumentException("row " + index + ", " + attribute.name() + ": not finite");
                    }
                }
                case NOMINAL -> {
                    if (!attribute.labels().contains(value)) {
                        throw new IllegalArgumentException("row " + index + ", " + attribute.name() + ": unknown label");
                    }
                }
                case TEXT -> {
                    // any text
                }
            }
        }
    }

    /** The class attribute. */
    public Attribute classAttribute() {
        return attributes.get(classIndex);
    }

    /** Whether {@code other} has the same columns and class. */
    public boolean sameSchemaAs(Dataset other) {
        return attributes.equals(other.attributes) && classIndex == other.classIndex;
    }

    /**
     * Writes the dataset's canonical form: "QXDS", format 1 (int), the attribute count, each
     * attribute (name, kind name, label count, labels), the class index, the row count, and every
     * value; every string as an int length and its UTF-8 bytes, every int big-endian.
     */
    public void writeCanonical(DataOutputStream out) throws IOException {
        out.write(new byte[] { 'Q', 'X', 'D', 'S' });
        out.writeInt(1);
        out.writeInt(attributes.size());
        for (Attribute attribute : attributes) {
            writeString(out, attribute.name());
            writeString(out, attribute.kind().name());
            out.writeInt(attribute.labels().size());
            for (String label : attribute.labels()) {
                writeString(out, label);
            }
        }
        out.writeInt(classIndex);
        out.writeInt(rows.size());
        for (List<String> row : rows) {
            for (String value : row) {
                writeString(out, value);
            }
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
