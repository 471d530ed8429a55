package org.qenex.kernel.internal.deploy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The plugin jars in Karaf's hot-deploy folder ({@code deploy/}), which Felix FileInstall installs,
 * updates and uninstalls as files appear, change and disappear. Uploading through the API writes
 * here rather than installing the bundle directly, so there is one way a plugin enters the node:
 * it survives a restart, the single-version rule applies, and an operator sees it in the folder.
 *
 * <p>A jar is written whole to a temporary file beside the folder and moved into it in one step, so
 * FileInstall never picks up half a file.
 */
public final class DeployFolder {

    /** A plugin file's name: a plain name ending in {@code .jar}, no path. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.jar");

    private final Path folder;
    private final Path staging;

    /**
     * @param folder  the hot-deploy folder
     * @param staging where uploads are written before they are moved in (same file system as {@code folder})
     */
    public DeployFolder(Path folder, Path staging) {
        this.folder = folder.toAbsolutePath().normalize();
        this.staging = staging.toAbsolutePath().normalize();
    }

    /** A jar in the folder. */
    public record PluginFile(String name, Path path, long size, long modifiedMillis) {
    }

    /** What a jar declares itself to be. */
    public record BundleIdentity(String symbolicName, String version) {
    }

    public Path folder() {
        return folder;
    }

    /** The jars in the folder, by name. */
    public List<PluginFile> files() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                    .sorted().map(DeployFolder::describe).toList();
        }
    }

    /**
     * Writes {@code jar} as {@code name}, replacing a file of that name.
     *
     * @return whether a file of that name was replaced
     * @throws IllegalArgumentException for a bad name or bytes that are not an OSGi bundle
     */
    public boolean write(String name, byte[] jar) throws IOException {
        Path target = resolve(name);
        identify(jar);
        Files.createDirectories(folder);
        Files.createDirectories(staging);
        boolean existed = Files.exists(target);
        Path part = Files.createTempFile(staging, "upload-", ".part");
        try {
            Files.write(part, jar);
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(part);
        }
        return existed;
    }

    /** Removes the file {@code name}; FileInstall uninstalls its bundle. @return whether there was one */
    public boolean delete(String name) throws IOException {
        return Files.deleteIfExists(resolve(name));
    }

    /** The path of {@code name} inside the folder. @throws IllegalArgumentException for a bad name */
    public Path resolve(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a plugin file is a plain name ending in .jar (letters, digits, '.', '_', '-')");
        }
        return folder.resolve(name);
    }

    /**
     * The bundle a jar declares (Bundle-SymbolicName, Bundle-Version).
     *
     * @throws IllegalArgumentException if it is not a jar or has no OSGi R4+ bundle manifest
     */
    public static BundleIdentity identify(byte[] jar) {
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            manifest = in.getManifest();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a jar: " + e.getMessage());
        }
        if (manifest == null) {
            throw new IllegalArgumentException("not a bundle: the jar has no manifest (or it is not the first entry)");
        }
        String name = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
        String manifestVersion = manifest.getMainAttributes().getValue("Bundle-ManifestVersion");
        if (name == null || !"2".equals(manifestVersion == null ? null : manifestVersion.strip())) {
            throw new IllegalArgumentException("not a bundle: its manifest has no Bundle-SymbolicName or Bundle-ManifestVersion 2");
        }
        String version = manifest.getMainAttributes().getValue("Bundle-Version");
        return new BundleIdentity(name.split(";")[0].strip(), version == null ? "0.0.0" : version.strip());
    }

    private static PluginFile describe(Path path) {
        try {
            return new PluginFile(path.getFileName().toString(), path, Files.size(path), Files.getLastModifiedTime(path).toMillis());
        } catch (IOException e) {
            // gone between listing and reading: shown as empty rather than failing the whole list
            return new PluginFile(path.getFileName().toString(), path, 0, 0);
        }
    }
}
