package ${package}.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.ApiResponse;
import org.qenex.api.http.Route;
import org.qenex.api.node.NodeContext;

/**
 * The plugin's REST endpoint, served by the node under {@code /api/v1/${artifactId}/}: the node
 * authenticates the caller, checks each route's role and writes the JSON.
 */
@Component(service = ApiResource.class)
public final class GreetingResource implements ApiResource {

    /** A request body: bound strictly (an unknown or repeated field is a 400). */
    public record Greeting(String to) {
    }

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} .'-]{1,64}");

    private final NodeContext node;
    /** One name a line, in this plugin's own data folder: ${karaf.data}/qenex/plugins/<symbolic name>/ */
    private final Path greeted;

    @Activate
    public GreetingResource(@Reference NodeContext node) {
        this.node = node;
        this.greeted = node.dataFolder().resolve("greeted.txt");
    }

    @Route(method = "GET", path = "/v1/${artifactId}/greetings/{name}", role = ApiContext.ROLE_VIEWER,
            summary = "A greeting from this node")
    public Map<String, Object> greeting(ApiRequest request) {
        String name = checked(request.pathParameter("name"));
        return Map.of("greeting", "hello " + name, "node", node.nodeId());
    }

    @Route(method = "GET", path = "/v1/${artifactId}/greetings", role = ApiContext.ROLE_VIEWER,
            summary = "Whom this node greeted, oldest first")
    public synchronized List<String> greetedSoFar() throws IOException {
        return Files.exists(greeted) ? Files.readAllLines(greeted, StandardCharsets.UTF_8) : List.of();
    }

    @Route(method = "POST", path = "/v1/${artifactId}/greetings", role = ApiContext.ROLE_OPERATOR,
            summary = "Greet someone and remember it")
    public synchronized ApiResponse greet(ApiRequest request) throws IOException {
        Greeting body = request.body(Greeting.class);
        String to = checked(ApiRequest.required(body.to(), "to"));
        Files.writeString(greeted, to + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return ApiResponse.status(201).body(Map.of("greeted", to));
    }

    /** A name goes into a file a line at a time: letters, digits, space, dot, apostrophe, dash. */
    private static String checked(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("bad_name", "a name is 1 to 64 letters, digits, spaces, dots, apostrophes or dashes");
        }
        return name;
    }
}
