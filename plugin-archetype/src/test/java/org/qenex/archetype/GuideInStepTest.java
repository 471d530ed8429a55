package org.qenex.archetype;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * docs/plugin-guide.md shows the project the archetype generates, file by file: each code block
 * headed {@code <!-- file: path -->} must be that file as generated with the values of the
 * integration test (src/test/resources/projects/myplugin), and every generated file must be in the
 * guide. The integration test builds and tests that same project, so the guide builds as written.
 */
public class GuideInStepTest {

    private static final Path BASE = Path.of(System.getProperty("basedir", "."));
    private static final Path GUIDE = BASE.resolve("../docs/plugin-guide.md");
    /** The templates after this build's filtering (QENEX's version and plugin versions filled in). */
    private static final Path TEMPLATES = BASE.resolve("target/classes/archetype-resources");
    private static final Pattern FILE_BLOCK = Pattern.compile("<!-- file: (\\S+) -->\\R```[a-z]*\\R(.*?)```", Pattern.DOTALL);
    private static final Pattern VELOCITY_DIRECTIVE = Pattern.compile("#(set|if|elseif|else|end|foreach|macro|parse|include|define)\\b");

    @Test
    public void theGuideShowsEveryGeneratedFileExactly() throws IOException {
        Map<String, String> generated = generated();
        Map<String, String> shown = new TreeMap<>();
        Matcher block = FILE_BLOCK.matcher(Files.readString(GUIDE, StandardCharsets.UTF_8));
        while (block.find()) {
            assertFalse("the guide shows " + block.group(1) + " twice", shown.containsKey(block.group(1)));
            shown.put(block.group(1), block.group(2));
        }
        assertEquals("the files the guide shows are the files the archetype generates", generated.keySet(), shown.keySet());
        generated.forEach((path, text) -> assertEquals("docs/plugin-guide.md, " + path, text, shown.get(path)));
    }

    @Test
    public void theGuideGeneratesWithThisVersionOfTheArchetype() throws IOException {
        Matcher version = Pattern.compile("-DarchetypeVersion=(\\S+)").matcher(Files.readString(GUIDE, StandardCharsets.UTF_8));
        assertTrue("the guide's archetype:generate command", version.find());
        assertEquals(System.getProperty("qenex.version"), version.group(1));
    }

    @Test
    public void theTemplatesUseNoVelocityTheComparisonCannotRender() throws IOException {
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                assertFalse(file + " has a Velocity directive", VELOCITY_DIRECTIVE.matcher(text).find());
                assertFalse(file + " is not filtered: " + text, text.contains("@project.version@"));
            }
        }
    }

    /** The generated project as the archetype writes it: packaged source folders get the package's path. */
    private static Map<String, String> generated() throws IOException {
        Properties values = new Properties();
        try (Reader in = Files.newBufferedReader(BASE.resolve("src/test/resources/projects/myplugin/archetype.properties"))) {
            values.load(in);
        }
        String packagePath = values.getProperty("package").replace('.', '/');
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(TEMPLATES)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String path = TEMPLATES.relativize(file).toString().replace('\\', '/');
                for (String packaged : new String[] {"src/main/java/", "src/test/java/"}) {
                    if (path.startsWith(packaged)) {
                        path = packaged + packagePath + "/" + path.substring(packaged.length());
                    }
                }
                String text = Files.readString(file, StandardCharsets.UTF_8);
                for (String name : values.stringPropertyNames()) {
                    text = text.replace("${" + name + "}", values.getProperty(name));
                }
                files.put(path, text);
            }
        }
        assertTrue("no templates in " + TEMPLATES, files.containsKey("pom.xml"));
        return files;
    }
}
