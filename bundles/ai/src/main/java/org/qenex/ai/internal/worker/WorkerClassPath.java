package org.qenex.ai.internal.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;

/**
 * The worker's class path: Weka's jars and the classes {@link TrainingWorker} and {@link WekaRows}. Inside the node
 * they are copied out of the AI bundle (Weka is embedded on its Bundle-ClassPath) into the bundle's
 * data area, once per bundle version; outside OSGi (tests, benchmarks) they are where the class
 * loader found them.
 */
public final class WorkerClassPath {

    private static final List<String> BUNDLE_ENTRIES = List.of("lib/weka.jar", "lib/bounce.jar",
            classFile(TrainingWorker.class), classFile(WekaRows.class));

    private WorkerClassPath() {
    }

    /** Copies the worker's jars and class out of {@code bundle} into its data area (unless there already). */
    public static synchronized List<Path> extract(Bundle bundle) {
        Path root = bundle.getDataFile("worker").toPath().resolve(Long.toString(bundle.getLastModified()));
        List<Path> classPath = List.of(root.resolve("lib/weka.jar"), root.resolve("lib/bounce.jar"), root.resolve("classes"));
        try {
            for (String entry : BUNDLE_ENTRIES) {
                Path target = entry.startsWith("lib/") ? root.resolve(entry) : root.resolve("classes").resolve(entry);
                if (Files.exists(target)) {
                    continue;
                }
                URL source = bundle.getEntry(entry);
                if (source == null) {
                    throw new IllegalStateException("the AI bundle has no " + entry);
                }
                Files.createDirectories(target.getParent());
                Path partial = target.resolveSibling(target.getFileName() + ".part");
                try (InputStream in = source.openStream()) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                // Complete or absent: a node stopped half-way copies again at the next start.
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying the training worker's class path to " + root + " failed", e);
        }
        return classPath;
    }

    private static String classFile(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }

    /** Where this JVM loaded Weka, bounce and the worker from (outside OSGi). */
    public static List<Path> ofThisJvm() {
        List<Path> classPath = new ArrayList<>();
        classPath.add(location(weka.core.Instances.class));
        try {
            classPath.add(location(Class.forName("org.bounce.net.DefaultAuthenticator")));
        } catch (ClassNotFoundException e) {
            // Only Weka's package manager wants bounce, and it is kept offline: training works without it.
        }
        classPath.add(location(TrainingWorker.class));
        return classPath;
    }

    private static Path location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException(type.getName() + " was not loaded from a file: " + source.getLocation(), e);
        }
    }
}
