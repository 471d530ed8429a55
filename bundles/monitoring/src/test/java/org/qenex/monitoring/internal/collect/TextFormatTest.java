package org.qenex.monitoring.internal.collect;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;

/** The test parser must refuse what Prometheus refuses, or the page tests prove nothing. */
public class TextFormatTest {

    private static final String GOOD = """
            # HELP a_total Things, with a \\\\ and a \\n in the help.
            # TYPE a_total counter
            a_total{x="1",y="q\\"uote\\\\"} 3
            a_total{x="2"} 4.5e3 1700000000000
            # HELP b_seconds Time.
            # TYPE b_seconds histogram
            b_seconds_bucket{le="+Inf"} 1
            b_seconds_sum 0.25
            b_seconds_count 1
            """;

    @Test
    public void readsAValidPage() throws Exception {
        Map<String, TextFormat.Family> page = TextFormat.parse(GOOD);
        assertEquals("counter", page.get("a_total").type());
        assertEquals(4500, page.get("a_total").value("x", "2"), 0);
        assertEquals("q\"uote\\", page.get("a_total").samples().get(0).labels().get("y"));
        assertEquals("Things, with a \\\\ and a \\n in the help.", page.get("a_total").help());
        assertEquals(3, page.get("b_seconds").samples().size());
    }

    @Test
    public void refusesWhatTheFormatForbids() {
        String[] bad = {
            "# HELP a x\n# TYPE a gauge\na 1", // no final line feed
            "# HELP a x\n# TYPE a gauge\n\na 1\n", // empty line
            "# HELP a x\na 1\n", // sample without TYPE
            "# TYPE a gauge\na 1\n", // no HELP
            "# HELP a x\n# TYPE a gauge\n# TYPE a gauge\na 1\n", // second TYPE
            "# HELP a x\n# TYPE a gauge\na 1\na 2\n", // repeated series
            "# HELP a x\n# TYPE a gauge\na{l=\"1\",l=\"2\"} 1\n", // repeated label
            "# HELP a x\n# TYPE a gauge\na{l=\"\\q\"} 1\n", // bad escape
            "# HELP a x\n# TYPE a gauge\na{__l=\"1\"} 1\n", // reserved label
            "# HELP a x\n# TYPE a gauge\na{l=1} 1\n", // unquoted value
            "# HELP a x\n# TYPE a gauge\na one\n", // not a number
            "# HELP a x\n# TYPE a gauge\na  1\n", // two spaces
            "# HELP a x\n# TYPE a gauge\na 1 1.5\n", // fractional timestamp
            "# HELP a x\n# TYPE a gauge\na{l=\"1\"} 1\n# HELP b y\n# TYPE b gauge\nb 1\na{l=\"2\"} 1\n", // interleaved
            "# HELP a x\n# TYPE a gauge\n# note\na 1\n", // stray comment
            "# HELP a x\n# TYPE a stuff\na 1\n", // unknown type
            "# HELP 1a x\n# TYPE 1a gauge\n1a 1\n", // bad name
            "# HELP a x\n# TYPE a gauge\n", // family without samples
            "# HELP a x\n# TYPE a histogram\na 1\n", // plain sample in a histogram
        };
        for (String page : bad) {
            assertThrows(page, TextFormat.Invalid.class, () -> TextFormat.parse(page));
        }
        assertTrue(bad.length > 0);
    }
}
