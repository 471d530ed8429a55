package org.qenex.ai.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.SignedCandidate;
import org.qenex.ai.internal.eval.CpuWatchdog;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.gate.GateSettings;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.node.CumulativeModel;
import org.qenex.ai.internal.node.ModelLimits;
import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.node.TaskCatalog;
import org.qenex.ai.internal.version.NodeKey;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.qenex.api.ai.BenchmarkTask;
import org.qenex.api.http.ApiContext;
import org.qenex.api.storage.testing.MemoryStore;

/** Bad input to {@code /api/v1/ai}: a 4xx with a code and words of our own, never a 500. */
public class AiServletTest {

    private static final Set<String> OPERATOR = Set.of(ApiContext.ROLE_VIEWER, ApiContext.ROLE_OPERATOR);

    private final CpuWatchdog watchdog = new CpuWatchdog();
    private AiServlet servlet;

    @Before
    public void setUp() throws Exception {
        TaskInstances mathematics = BuiltInTaskFixtures.named("mathematics.product-relation");
        TaskCatalog catalog = new TaskCatalog() {
            public List<TaskInstances> tasks() {
                return List.of(mathematics);
            }

            public Optional<TaskInstances> task(String name) {
                return name.equals(mathematics.name()) ? Optional.of(mathematics) : Optional.empty();
            }

            public List<BenchmarkTask> services() {
                return List.of();
            }
        };
        PipelineFactory factory = new PipelineFactory(new WekaAllowList());
        CumulativeModel model = new CumulativeModel(new MemoryStore(), catalog, factory, new PipelineEvaluator(factory, watchdog),
                new ImprovementGate(GateSettings.DEFAULT), NodeKey.ephemeral(),
                Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC),
                new ModelLimits(Duration.ofSeconds(60), 10, 10));
        servlet = new AiServlet(new ModelNode() {
            public CumulativeModel model() {
                return model;
            }

            public CandidateRecord submit(SignedCandidate candidate, boolean rateLimited) {
                return model.submit(candidate, rateLimited);
            }

            public long publicStepPpm() {
                return GateSettings.DEFAULT.etaPpm();
            }
        }, catalog);
    }

    @After
    public void tearDown() {
        watchdog.close();
    }

    @Test
    public void anIdNoCandidateCanHaveIsA404NotAStoreFailure() throws Exception {
        Call call = new Call("GET", "/candidates/c" + "1".repeat(2_000), null, null);
        servlet.doGet(call.request(), call.response());
        assertEquals(404, call.status);
        assertEquals("unknown_candidate", call.attributes.get(ApiContext.ERROR_CODE));
    }

    @Test
    public void brokenJsonIsA400InOurOwnWords() throws Exception {
        Call call = new Call("POST", "/candidates", "{\"contributor\": qx1, \"pipelines\": {}}".getBytes(StandardCharsets.UTF_8),
                null);
        servlet.doPost(call.request(), call.response());
        assertEquals(400, call.status);
        assertEquals("malformed_specification", call.attributes.get(ApiContext.ERROR_CODE));
        assertTrue(call.error, call.error.startsWith("not JSON (line 1, column "));
        assertFalse(call.error, call.error.contains("Unrecognized token") || call.error.contains("com.fasterxml"));
    }

    @Test
    public void aBodyThatCannotBeReadIsA400AndATooLargeOneA413() throws Exception {
        Call cut = new Call("POST", "/candidates", new byte[10], new IOException("org.eclipse.jetty.io.EofException: early EOF"));
        servlet.doPost(cut.request(), cut.response());
        assertEquals(400, cut.status);
        assertEquals("unreadable_body", cut.attributes.get(ApiContext.ERROR_CODE));
        assertFalse(cut.error, cut.error.contains("jetty"));

        Call large = new Call("POST", "/candidates", new byte[64 * 1024 + 1], null);
        servlet.doPost(large.request(), large.response());
        assertEquals(413, large.status);
    }

    /** One request and its response, as dynamic proxies: just what the servlet calls. */
    private static final class Call {
        final Map<String, Object> attributes = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final String method;
        final String path;
        final byte[] content;
        final IOException readFailure;
        int status = 200;
        String error;

        Call(String method, String path, byte[] content, IOException readFailure) {
            this.method = method;
            this.path = path;
            this.content = content == null ? new byte[0] : content;
            this.readFailure = readFailure;
        }

        HttpServletRequest request() {
            ByteArrayInputStream in = new ByteArrayInputStream(content);
            ServletInputStream stream = new ServletInputStream() {
                public int read() throws IOException {
                    if (readFailure != null) {
                        throw readFailure;
                    }
                    return in.read();
                }

                public boolean isFinished() {
                    return in.available() == 0;
                }

                public boolean isReady() {
                    return true;
                }

                public void setReadListener(ReadListener listener) {
                }
            };
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getPathInfo" -> path;
                        case "isUserInRole" -> OPERATOR.contains((String) args[0]);
                        case "getInputStream" -> stream;
                        case "getContentLengthLong" -> (long) content.length;
                        case "getContextPath" -> "/api";
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        default -> null;
                    });
        }

        HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                public void write(int b) {
                    body.write(b);
                }

                public boolean isReady() {
                    return true;
                }

                public void setWriteListener(WriteListener listener) {
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                        case "setStatus" -> {
                            status = (Integer) args[0];
                            yield null;
                        }
                        case "sendError" -> {
                            status = (Integer) args[0];
                            error = args.length > 1 ? (String) args[1] : "";
                            yield null;
                        }
                        case "getOutputStream" -> out;
                        default -> null;
                    });
        }
    }
}
