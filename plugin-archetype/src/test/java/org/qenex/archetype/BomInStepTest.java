package org.qenex.archetype;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM has no parent (importing it must not import the node's own libraries), so it repeats
 * versions that qenex-parent also manages: they must be the same, or a plugin would compile against
 * other versions than the node runs.
 */
public class BomInStepTest {

    private static final Path BASE = Path.of(System.getProperty("basedir", "."));

    @Test
    public void theBomManagesWhatTheNodeBuildsWithAtTheSameVersions() throws Exception {
        Pom root = new Pom(BASE.resolve("../pom.xml"));
        Pom bom = new Pom(BASE.resolve("../plugin-bom/pom.xml"));
        assertEquals("the BOM is released with the node", root.version, bom.version);
        Map<String, String> rootManaged = root.managed();
        int compared = 0;
        for (Map.Entry<String, String> entry : bom.managed().entrySet()) {
            if (rootManaged.containsKey(entry.getKey())) {
                assertEquals(entry.getKey(), rootManaged.get(entry.getKey()), entry.getValue());
                compared++;
            }
        }
        assertTrue("only " + compared + " versions compared", compared >= 12);
    }

    @Test
    public void theExamplePluginImportsTheBom() throws Exception {
        Pom hello = new Pom(BASE.resolve("../examples/hello-plugin/pom.xml"));
        assertTrue(hello.managed().containsKey("org.qenex:qenex-plugin-bom:pom"));
        String dependencies = hello.text.substring(hello.text.indexOf("</dependencyManagement>"));
        dependencies = dependencies.substring(0, dependencies.indexOf("</dependencies>"));
        assertFalse("the example's dependencies name no version: " + dependencies, dependencies.contains("<version>"));
    }

    /** Just enough of a POM: its version, properties and managed dependencies with properties resolved. */
    private static final class Pom {
        final Document document;
        final String text;
        final String version;
        final Map<String, String> properties = new HashMap<>();

        Pom(Path file) throws Exception {
            text = java.nio.file.Files.readString(file);
            document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
            Element project = document.getDocumentElement();
            Element parent = child(project, "parent");
            String own = text(child(project, "version"));
            version = own != null ? own : text(child(parent, "version"));
            properties.put("project.version", version);
            Element props = child(project, "properties");
            if (props != null) {
                NodeList list = props.getChildNodes();
                for (int i = 0; i < list.getLength(); i++) {
                    if (list.item(i) instanceof Element e) {
                        properties.put(e.getTagName(), e.getTextContent().trim());
                    }
                }
            }
        }

        /** groupId:artifactId:type to version. */
        Map<String, String> managed() {
            Map<String, String> result = new HashMap<>();
            Element management = child(document.getDocumentElement(), "dependencyManagement");
            NodeList dependencies = management.getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                String type = text(child(dependency, "type"));
                result.put(text(child(dependency, "groupId")) + ":" + text(child(dependency, "artifactId")) + ":"
                        + (type == null ? "jar" : type), resolve(text(child(dependency, "version"))));
            }
            return result;
        }

        private String resolve(String value) {
            Matcher property = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
            StringBuilder resolved = new StringBuilder();
            while (property.find()) {
                String name = property.group(1);
                assertTrue("unknown property " + name, properties.containsKey(name));
                property.appendReplacement(resolved, Matcher.quoteReplacement(resolve(properties.get(name))));
            }
            return property.appendTail(resolved).toString();
        }

        private static Element child(Element parent, String name) {
            if (parent == null) {
                return null;
            }
            for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element e && e.getTagName().equals(name)) {
                    return e;
                }
            }
            return null;
        }

        private static String text(Element element) {
            return element == null ? null : element.getTextContent().trim();
        }
    }
}
