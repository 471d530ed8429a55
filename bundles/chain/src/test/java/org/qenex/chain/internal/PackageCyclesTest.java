package org.qenex.chain.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * The chain bundle's packages depend on each other in one direction only (crypto and error at the
 * bottom, then tx, block, state, consensus, ledger, mempool and production, this package's
 * {@link ChainNode} wiring them, http, command and wallet on top): a cycle would make two packages
 * one module in all but name. The dependencies are read from the compiled classes by the JDK's
 * {@code jdeps}, so imports used only in Javadoc do not count, and every real use does.
 */
public class PackageCyclesTest {

    private static final String ROOT = "org.qenex.chain";
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s");

    @Test
    public void theChainBundleHasNoPackageCycle() throws Exception {
        Map<String, Set<String>> graph = packageGraph(classes());
        assertTrue("jdeps found the bundle's packages: " + graph.keySet(), graph.size() >= 10);
        List<Set<String>> cycles = cycles(graph);
        assertTrue("package cycles in the chain bundle (each set depends on itself through the others): " + cycles
                + "\nmove the type one side needs to the package that owns it, or let the consumer own the interface",
                cycles.isEmpty());
    }

    /** The finder itself: a test that cannot fail proves nothing. */
    @Test
    public void findsACycleThroughThreePackagesAndNoneInALayering() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("ledger", Set.of("block", "mempool"));
        graph.put("mempool", Set.of("production"));
        graph.put("production", Set.of("ledger", "block"));
        graph.put("block", Set.of("crypto"));
        assertEquals(List.of(Set.of("ledger", "mempool", "production")), cycles(graph));

        graph.put("production", Set.of("block"));
        assertEquals(List.of(), cycles(graph));
    }

    private static Path classes() throws Exception {
        Path classes = Path.of(ChainNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue("the bundle's classes are a folder: " + classes, Files.isDirectory(classes));
        return classes;
    }

    /** Package to the bundle's packages it uses, from {@code jdeps -verbose:package}. */
    private static Map<String, Set<String>> packageGraph(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none", classes.toString());
        assertEquals("jdeps failed: " + err, 0, exit);
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find() && edge.group(1).startsWith(ROOT) && edge.group(2).startsWith(ROOT)) {
                Set<String> uses = graph.computeIfAbsent(edge.group(1), p -> new TreeSet<>());
                if (!edge.group(1).equals(edge.group(2))) {
                    uses.add(edge.group(2));
                }
            }
        }
        return graph;
    }

    /** The strongly connected components of more than one package (Tarjan), in first-seen order. */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, graph, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }
}
