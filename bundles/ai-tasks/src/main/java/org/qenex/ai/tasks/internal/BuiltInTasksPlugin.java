package org.qenex.ai.tasks.internal;

import org.osgi.service.component.annotations.Component;
import org.qenex.api.plugin.QenexPlugin;

/** Lists the built-in tasks bundle in {@code qenex:plugins}. */
@Component(service = QenexPlugin.class)
public final class BuiltInTasksPlugin implements QenexPlugin {

    @Override
    public String name() {
        return "ai-tasks";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String description() {
        return "Built-in benchmark tasks: mathematics.product-relation, language.fortunes, code.weka-packages.";
    }
}
