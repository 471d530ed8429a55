package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The shell is not a sandbox (redirection, {@code $.context}, file commands, SFTP), so only
 * admins reach it over SSH, and every command a non-admin JAAS subject could reach elsewhere is
 * either a listed QENEX command or refused. Tried over real SSH, as an attacker would.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellSecurityIT extends QenexTestSupport {

    private static final String VIEWER = "shell-viewer";
    private static final String VIEWER_PASSWORD = "shell-viewer-password";
    private static final String OPERATOR = "shell-operator";
    private static final String OPERATOR_PASSWORD = "shell-operator-password";
    private static final Duration SSH_TIMEOUT = Duration.ofSeconds(20);

    private SshClient ssh;

    @Configuration
    public Option[] config() {
        return baseConfiguration();
    }

    @Override
    protected boolean remoteShell() {
        return true;
    }

    @Before
    public void startClient() throws Exception {
        if (!Files.readString(karafHome().resolve("etc/users.properties")).contains(VIEWER + " = ")) {
            addUser(VIEWER, VIEWER_PASSWORD, "_g_:viewergroup");
            addUser(OPERATOR, OPERATOR_PASSWORD, "_g_:operatorgroup");
        }
        ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        ssh.start();
    }

    @After
    public void stopClient() throws IOException {
        ssh.stop();
    }

    @Test
    public void viewersAndOperatorsCannotLogInToTheShell() throws Exception {
        assertThrows(IOException.class, () -> login(VIEWER, VIEWER_PASSWORD).close());
        assertThrows(IOException.class, () -> login(OPERATOR, OPERATOR_PASSWORD).close());
        // their passwords are right: the REST API lets them in
        assertEquals(200, get("/api/v1/status", VIEWER, VIEWER_PASSWORD).statusCode());
        assertEquals(200, get("/api/v1/status", OPERATOR, OPERATOR_PASSWORD).statusCode());
    }

    @Test
    public void anAdminRunsACommandOverSsh() throws Exception {
        try (ClientSession session = login(ADMIN, adminPassword())) {
            String status = exec(session, "qenex:status");
            assertTrue(status, status.contains("Health:"));
        }
    }

    @Test
    public void sftpAndScpAreOffEvenForAnAdmin() throws Exception {
        try (ClientSession session = login(ADMIN, adminPassword())) {
            assertThrows(IOException.class, () -> {
                try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
                    sftp.readDir("/").forEach(entry -> { });
                }
            });
        }
        try (ClientSession session = login(ADMIN, adminPassword())) {
            // "scp -f FILE" is how a client downloads a file; without SFTP it is just an unknown command
            String scp = exec(session, "scp -f etc/users.properties");
            assertFalse(scp, scp.contains("pbkdf2"));
        }
    }

    @Test
    public void unlistedKarafCommandsAreRefusedToNonAdmins() throws Exception {
        List<String> commands = List.of("feature:repo-remove mvn:org.example/none/1/xml/features",
                "feature:repo-add mvn:org.example/none/1/xml/features", "log:set DEBUG org.example.nothing",
                "jaas:user-list", "jaas:group-add nobody admingroup", "ssh:ssh", "history", "bundle:list",
                "config:list", "system:property");
        for (String command : commands) {
            assertRefused(VIEWER, Set.of("viewer"), command);
            assertRefused(OPERATOR, Set.of("operator", "viewer"), command);
        }
        // the same commands stay an admin's
        String users = shellAsAdmin("jaas:realm-list");
        assertTrue(users, users.contains("karaf"));
    }

    /**
     * Karaf lists options where the user typed them, so an ACL pattern that looked for the action
     * first let "qenex:ai --passphrase x improver stop" through to a viewer (shell attack sweep).
     */
    @Test
    public void anOptionBeforeTheActionDoesNotLowerTheRoleItNeeds() throws Exception {
        for (String command : List.of("qenex:ai --passphrase x improver stop", "qenex:ai improver --passphrase x start",
                "qenex:ai --passphrase x evaluate '{}'", "qenex:ai --passphrase x submit none '{}'")) {
            assertRefused(VIEWER, Set.of("viewer"), command);
        }
        Path genesis = karafData().resolve("shell-it-genesis.json");
        String key = "af813ae208ca9936af070198600ffa7af23281a48dffb090bb13ff979a360f5d";
        for (String command : List.of("qenex:chain --chain-id pwn --validator " + key + " --out " + genesis + " genesis",
                "qenex:chain genesis --chain-id pwn --validator " + key + " --out " + genesis)) {
            assertRefused(VIEWER, Set.of("viewer"), command);
            assertRefused(OPERATOR, Set.of("operator", "viewer"), command);
        }
        assertFalse("a non-admin wrote a file with genesis --out", Files.exists(genesis));
        assertRefused(OPERATOR, Set.of("operator", "viewer"), "qenex:storage drop chain.blocks");
        // what the roles are for still answers
        assertTrue(shell(VIEWER, Set.of("viewer"), "qenex:ai status").length() > 0);
        assertTrue(shell(VIEWER, Set.of("viewer"), "qenex:chain head").length() > 0);
    }

    @Test
    public void nonAdminsGetNoFilesAndNoFramework() throws Exception {
        Path probe = karafData().resolve("shell-it-probe");
        assertRefused(VIEWER, Set.of("viewer"), "echo owned > " + probe);
        assertRefused(OPERATOR, Set.of("operator", "viewer"), "echo owned >> " + probe);
        assertFalse("redirection wrote a file", Files.exists(probe));

        for (String command : List.of("cat etc/users.properties", "tail etc/users.properties", "less etc/users.properties",
                "head data/qenex/chain/node.key", "grep admin etc/users.properties", "edit etc/users.properties",
                "$.context bundles", "($.context bundle 0) stop", "$.context installBundle file:/nonexistent.jar")) {
            assertRefused(VIEWER, Set.of("viewer"), command);
            assertRefused(OPERATOR, Set.of("operator", "viewer"), command);
        }
        // the QENEX commands a viewer needs still answer
        assertTrue(shell(VIEWER, Set.of("viewer"), "qenex:status").contains("Health:"));
    }

    @Test
    public void theHistoryFileIsOwnerOnlyAndHoldsNoPassphrase() throws Exception {
        String history = System.getProperty("karaf.history");
        assertNotNull("the node names its shell history file", history);
        Path file = Paths.get(history);
        assertTrue(file + " under the node's data folder", file.toAbsolutePath().startsWith(karafData().toAbsolutePath()));

        try (ClientSession session = login(ADMIN, adminPassword()); Terminal terminal = new Terminal(session)) {
            terminal.type("qenex:wallet --passphrase history-secret-1 list");
            terminal.awaitOutput("ADDRESS");
            terminal.type("qenex:status");
            terminal.awaitOutput("Health:");
        }
        await("the line in " + file, () -> read(file).contains("qenex:status"));
        String content = read(file);
        assertTrue(content, content.contains("qenex:wallet --passphrase"));
        assertFalse(content, content.contains("history-secret-1"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    /**
     * Issue 9 point 6: a remote {@code help} paged through {@code less -F} left a thread spinning
     * after the client went away.
     */
    @Test
    public void aRemoteHelpLeavesNoPagerThreadBehind() throws Exception {
        try (ClientSession session = login(ADMIN, adminPassword()); Terminal terminal = new Terminal(session)) {
            terminal.type("help");
            terminal.awaitOutput("bundle:");
            // the client vanishes without quitting anything
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> pagers = pagerThreads();
        while (!pagers.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            pagers = pagerThreads();
        }
        StringBuilder spinning = new StringBuilder();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().contains("less")) {
                long before = threads.getThreadCpuTime(thread.getId());
                Thread.sleep(1000);
                spinning.append(thread.getName()).append(" used ")
                        .append((threads.getThreadCpuTime(thread.getId()) - before) / 1_000_000).append(" ms CPU in 1 s; ");
            }
        }
        assertTrue("pager threads still running 10 s after the client left: " + spinning, pagers.isEmpty());
    }

    private static List<String> pagerThreads() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().contains("less")) {
                names.add(thread.getName());
            }
        }
        return names;
    }

    private void assertRefused(String user, Set<String> roles, String command) {
        try {
            String output = shell(user, roles, command);
            fail(user + " ran '" + command + "': " + output);
        } catch (Exception refused) {
            String message = String.valueOf(refused.getMessage());
            assertTrue(user + " '" + command + "' failed for another reason: " + refused,
                    message.contains("Command not found") || message.contains("Insufficient credentials"));
        }
    }

    private ClientSession login(String user, String password) throws IOException {
        ClientSession session = ssh.connect(user, "localhost", sshPort()).verify(SSH_TIMEOUT).getSession();
        try {
            session.addPasswordIdentity(password);
            session.auth().verify(SSH_TIMEOUT);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    private static String exec(ClientSession session, String command) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(out);
            channel.setErr(out);
            channel.open().verify(SSH_TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), SSH_TIMEOUT);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** An interactive SSH shell with a terminal, as {@code ssh -t} opens it. */
    private static final class Terminal implements AutoCloseable {
        private final ChannelShell channel;
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final OutputStream keyboard;

        Terminal(ClientSession session) throws IOException {
            channel = session.createShellChannel();
            channel.setPtyType("xterm");
            channel.setPtyColumns(100);
            channel.setPtyLines(30);
            channel.setOut(output);
            channel.setErr(output);
            channel.open().verify(SSH_TIMEOUT);
            keyboard = channel.getInvertedIn();
        }

        void type(String line) throws IOException {
            keyboard.write((line + "\r").getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        }

        void awaitOutput(String text) throws InterruptedException {
            BooleanSupplier seen = () -> screen().contains(text);
            long deadline = System.nanoTime() + SSH_TIMEOUT.toNanos();
            while (!seen.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    String screen = screen();
                    fail("no '" + text + "' on the terminal after " + SSH_TIMEOUT.toSeconds() + " s; it shows: "
                            + screen.substring(Math.max(0, screen.length() - 2000)));
                }
                Thread.sleep(100);
            }
        }

        /** What the terminal shows, without colours and cursor movements. */
        private String screen() {
            return output.toString(StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "");
        }

        @Override
        public void close() throws IOException {
            channel.close(true);
        }
    }
}
