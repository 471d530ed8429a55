package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.qenex.itests.UnpackedDistribution.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Test;

/**
 * The distribution's choice of a class data sharing archive ({@code qenex_node_java_options} in
 * {@code bin/setenv}, which {@code bin/karaf} prints into the node JVM's command line), run with the
 * real JVM on archives made by it: a usable archive is used, anything else is deleted and recorded
 * again at the next stop, so no archive can stop the node from starting. {@link DistributionIT}
 * checks that a real node maps the archive the distribution ships from its first boot on, and that
 * one without it records its own at its first stop and maps that at its restart.
 */
public class ClassDataSharingIT {

    private Path home;
    private Path data;
    private Path archive;
    private Path javaCalls;
    private Path java;
    private String classPath;
    private Path shipped;

    @Before
    public void unpack() throws Exception {
        home = UnpackedDistribution.unpack("cds-it");
        data = home.resolve("data");
        archive = data.resolve("cds/qenex.jsa");
        classPath = jars("lib/boot") + ":" + jars("lib/jdk9plus");
        // the archive the distribution ships (recorded at package time), kept aside: most tests start without one
        shipped = home.getParent().resolve("shipped.jsa");
        assertTrue("the distribution ships " + archive, Files.size(archive) > 1_000_000);
        Files.move(archive, shipped);
        // the real java, counting the runs it is asked for
        javaCalls = home.getParent().resolve("java-calls");
        java = home.getParent().resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$*\" >> '" + javaCalls + "'\nexec '"
                + Paths.get(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * The archive in the tar.gz was recorded at package time by a node unpacked elsewhere: this JVM
     * maps it for the class path of this unpacked copy (same jars, same times, another folder), so
     * a node uses it from its first boot on.
     */
    @Test
    public void theShippedArchiveIsCheckedOnceThenUsedFromTheFirstBoot() throws Exception {
        Files.move(shipped, archive);
        assertEquals("-XX:SharedArchiveFile=" + archive, options(Map.of()).out);
        assertEquals("one check", 1, javaRuns());
        assertEquals("-XX:SharedArchiveFile=" + archive, options(Map.of()).out);
        assertEquals("not checked again", 1, javaRuns());
    }

    @Test
    public void withoutAnArchiveTheNodeRecordsOneAtItsStop() throws Exception {
        assertEquals("-XX:ArchiveClassesAtExit=" + archive, options(Map.of()).out);
        assertTrue(Files.isDirectory(archive.getParent()));
        assertEquals("no JVM run to decide", 0, javaRuns());
    }

    @Test
    public void aUsableArchiveIsCheckedOnceThenUsed() throws Exception {
        record(classPath);
        assertEquals("-XX:SharedArchiveFile=" + archive, options(Map.of()).out);
        assertEquals("one check, by the JVM, of every region's checksum", 1, javaRuns());
        assertTrue(Files.readString(javaCalls).contains("-Xshare:on") && Files.readString(javaCalls).contains("-XX:+VerifySharedSpaces"));

        assertEquals("-XX:SharedArchiveFile=" + archive, options(Map.of()).out);
        assertEquals("the same archive, JVM and class path are not checked again", 1, javaRuns());
    }

    /**
     * A truncated archive (a disk that filled up, a copy cut short) with an intact header makes a
     * JVM that maps it abort; the check sees it, and the node starts without it.
     */
    @Test
    public void aTruncatedArchiveIsDeletedAndRecordedAgain() throws Exception {
        record(classPath);
        truncate();
        Result result = options(Map.of());
        assertEquals("-XX:ArchiveClassesAtExit=" + archive, result.out);
        assertFalse("deleted", Files.exists(archive));
        assertTrue(result.err, result.err.contains("cannot be used by this JVM and class path"));
    }

    @Test
    public void anArchiveDamagedAfterItsCheckIsCheckedAgain() throws Exception {
        record(classPath);
        assertEquals("-XX:SharedArchiveFile=" + archive, options(Map.of()).out);
        truncate();
        assertEquals("-XX:ArchiveClassesAtExit=" + archive, options(Map.of()).out);
        assertEquals(2, javaRuns());
    }

    /** Another lib/boot (Karaf upgraded, a jar renamed); a class path that only adds jars after the archive's is fine. */
    @Test
    public void anArchiveOfAnotherClassPathIsRecordedAgain() throws Exception {
        // a run that loads a class of the path (Karaf's Status), so the archive names the path's jars
        record(jars("lib/jdk9plus") + ":" + jars("lib/boot"), "org.apache.karaf.main.Status");
        assertEquals("-XX:ArchiveClassesAtExit=" + archive, options(Map.of()).out);
        assertFalse(Files.exists(archive));
    }

    @Test
    public void garbageIsRecordedAgain() throws Exception {
        Files.createDirectories(archive.getParent());
        Files.writeString(archive, "not an archive");
        assertEquals("-XX:ArchiveClassesAtExit=" + archive, options(Map.of()).out);
    }

    @Test
    public void onlyTheNodesJvmAndNotWhenTurnedOff() throws Exception {
        assertEquals("bin/stop's JVM", "", options(Map.of("MAIN", "org.apache.karaf.main.Stop")).out);
        assertEquals("bin/status's JVM", "", options(Map.of("MAIN", "org.apache.karaf.main.Status")).out);
        record(classPath);
        assertEquals("", options(Map.of("QENEX_CDS", "off")).out);
        assertTrue("an archive is kept while turned off", Files.exists(archive));
        assertEquals(0, javaRuns());
    }

    /**
     * The node's JVM names lib/boot relative to KARAF_HOME (JDK 17 maps an archive only for the class
     * path it was recorded with, and the shipped one was recorded in another folder); bin/stop's and
     * bin/status's JVMs, or a launch from elsewhere (an instance's KARAF_BASE), keep Karaf's own.
     */
    @Test
    public void onlyTheNodesJvmStartedInItsHomeGetsTheRelativeClassPath() throws Exception {
        String relative = relative(classPath);
        assertFalse(relative, relative.contains(home.toString()));
        assertTrue(relative, relative.startsWith("lib/boot/"));
        assertEquals(relative, setenv("qenex_node_class_path", Map.of(), home).out);
        assertEquals(classPath, setenv("qenex_node_class_path", Map.of("MAIN", "org.apache.karaf.main.Stop"), home).out);
        assertEquals(classPath, setenv("qenex_node_class_path", Map.of(), home.getParent()).out);
    }

    private record Result(String out, String err) {
    }

    private Result options(Map<String, String> environment) throws Exception {
        return setenv("qenex_node_java_options", environment, home);
    }

    /**
     * Sources the distribution's bin/setenv as bin/karaf does and runs {@code function} in {@code dir}
     * (bin/karaf starts the node's JVM in KARAF_BASE, here KARAF_HOME).
     */
    private Result setenv(String function, Map<String, String> environment, Path dir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", ". \"$KARAF_HOME/bin/setenv\"; " + function)
                .directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.remove("QENEX_CDS");
        env.remove("QENEX_SETENV_DONE");
        env.put("KARAF_HOME", home.toString());
        env.put("KARAF_BASE", home.toString());
        env.put("KARAF_DATA", data.toString());
        env.put("JAVA", java.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("CLASSPATH", classPath);
        env.put("MAIN", "org.apache.karaf.main.Main");
        env.putAll(environment);
        Path err = Files.createTempFile(home, "err", ".txt");
        Process sh = builder.redirectError(err.toFile()).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(sh.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, sh.exitValue());
        return new Result(out, Files.readString(err));
    }

    /** An archive made by this JVM for {@code path}: the classes a {@code -version} run loads, or a main class's. */
    private void record(String path) throws Exception {
        record(path, "-version");
    }

    private void record(String path, String what) throws Exception {
        Files.createDirectories(archive.getParent());
        Process dump = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ArchiveClassesAtExit=" + archive, "-Dkaraf.home=" + home, "-Dkaraf.base=" + home,
                "-Dkaraf.data=" + data, "-Dkaraf.etc=" + home.resolve("etc"), "-classpath", relative(path), what)
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("dump.out").toFile()).start();
        assertTrue(dump.waitFor(60, TimeUnit.SECONDS));
        assertTrue("archive recorded: " + Files.readString(home.resolve("dump.out")), Files.size(archive) > 10_000);
    }

    /** A class path as the node's JVM gets it: lib/boot's jars named relative to KARAF_HOME. */
    private String relative(String path) {
        return Arrays.stream(path.split(":")).map(jar -> home.relativize(Paths.get(jar)).toString()).collect(Collectors.joining(":"));
    }

    /** Keeps the first two thirds: the header is whole, the regions it describes are not. */
    private void truncate() throws IOException {
        byte[] bytes = Files.readAllBytes(archive);
        archive.toFile().setWritable(true);
        Files.delete(archive);
        Files.write(archive, Arrays.copyOf(bytes, bytes.length * 2 / 3));
    }

    private int javaRuns() throws IOException {
        return Files.exists(javaCalls) ? (int) Files.readAllLines(javaCalls).stream().filter(l -> !l.isBlank()).count() : 0;
    }

    private String jars(String dir) throws IOException {
        try (var files = Files.list(home.resolve(dir))) {
            List<String> jars = new ArrayList<>(files.map(Path::toString).filter(f -> f.endsWith(".jar")).sorted().toList());
            return jars.stream().collect(Collectors.joining(":"));
        }
    }
}
