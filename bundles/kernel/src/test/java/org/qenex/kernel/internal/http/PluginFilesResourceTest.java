package org.qenex.kernel.internal.http;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.kernel.internal.deploy.DeployFolder;

public class PluginFilesResourceTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Path deploy;
    private final ApiDispatcher api = new ApiDispatcher();

    private void start() throws IOException {
        deploy = temp.newFolder("deploy").toPath();
        Path staging = temp.newFolder("staging").toPath();
        assertEquals(List.of(), api.add(new PluginFilesResource(new DeployFolder(deploy, staging), file -> Optional.empty())));
    }

    @Test
    public void anAdminDeploysUpdatesListsAndRemovesAPluginJar() throws Exception {
        start();
        byte[] first = bundle("com.example.hello", "1.0.0");
        FakeHttp created = put("hello.jar", first).as("ada", "admin", "operator", "viewer").sendTo(api);
        assertEquals(created.text(), 201, created.status());
        assertEquals("com.example.hello", created.json().path("symbolicName").asText());
        assertEquals("1.0.0", created.json().path("version").asText());
        assertArrayEquals(first, Files.readAllBytes(deploy.resolve("hello.jar")));

        byte[] second = bundle("com.example.hello", "1.1.0");
        FakeHttp replaced = put("hello.jar", second).as("ada", "admin").sendTo(api);
        assertEquals("a file of that name is replaced: FileInstall updates its bundle", 200, replaced.status());
        assertTrue(replaced.json().path("replaced").asBoolean());
        assertArrayEquals(second, Files.readAllBytes(deploy.resolve("hello.jar")));
        try (var left = Files.list(temp.getRoot().toPath().resolve("staging"))) {
            assertEquals("no upload left behind", 0, left.count());
        }

        FakeHttp listed = FakeHttp.get("/v1/plugins/files").as("ada", "admin").sendTo(api);
        assertEquals(200, listed.status());
        assertEquals("hello.jar", listed.json().path(0).path("file").asText());
        assertEquals(second.length, listed.json().path(0).path("size").asLong());
        assertTrue(listed.json().path(0).path("bundle").isNull());

        assertEquals(204, FakeHttp.of("DELETE", "/v1/plugins/files/hello.jar").as("ada", "admin").sendTo(api).status());
        assertFalse(Files.exists(deploy.resolve("hello.jar")));
        FakeHttp again = FakeHttp.of("DELETE", "/v1/plugins/files/hello.jar").as("ada", "admin").sendTo(api);
        assertEquals(404, again.status());
        assertEquals("unknown_file", again.errorCode());
    }

    @Test
    public void onlyAnAdminMayTouchTheFolder() throws Exception {
        start();
        assertEquals(403, put("hello.jar", bundle("com.example.hello", "1.0.0")).as("olga", "operator", "viewer").sendTo(api).status());
        assertEquals(403, FakeHttp.get("/v1/plugins/files").as("vic", "viewer").sendTo(api).status());
        assertEquals(403, FakeHttp.of("DELETE", "/v1/plugins/files/hello.jar").as("olga", "operator", "viewer").sendTo(api).status());
        try (var files = Files.list(deploy)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    public void refusesNamesOutsideTheFolderAndJarsThatAreNoBundles() throws Exception {
        start();
        byte[] good = bundle("com.example.hello", "1.0.0");
        for (String name : List.of("..%2Fetc.jar", ".hidden.jar", "hello.txt", "hello")) {
            FakeHttp refused = put(name, good).as("ada", "admin").sendTo(api);
            assertEquals(name, 400, refused.status());
            assertEquals(name, "not_a_plugin_file", refused.errorCode());
        }
        FakeHttp notJar = put("x.jar", "just text".getBytes(StandardCharsets.UTF_8)).as("ada", "admin").sendTo(api);
        assertEquals(400, notJar.status());
        assertTrue(notJar.errorDetail(), notJar.errorDetail().startsWith("not a bundle"));
        FakeHttp plainJar = put("x.jar", jar(new Manifest())).as("ada", "admin").sendTo(api);
        assertEquals(400, plainJar.status());
        try (var files = Files.list(deploy)) {
            assertEquals("nothing written", 0, files.count());
        }
    }

    private static FakeHttp put(String name, byte[] body) {
        return FakeHttp.of("PUT", "/v1/plugins/files/" + name).body("application/java-archive", body).declaringLength();
    }

    static byte[] bundle(String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        return jar(manifest);
    }

    private static byte[] jar(Manifest manifest) throws IOException {
        manifest.getMainAttributes().putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new JarEntry("readme.txt"));
            out.write("hello".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }
}
