package ${package}.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.qenex.api.plugin.QenexPlugin;

/** Describes the plugin to the node: {@code qenex:plugins} and {@code /api/v1/status} list it. */
@Component(service = QenexPlugin.class)
public final class PluginDescription implements QenexPlugin {

    private final String version;

    @Activate
    public PluginDescription(BundleContext context) {
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public String name() {
        return "${artifactId}";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String description() {
        return "Greets by name and remembers whom it greeted";
    }
}
