package org.qenex.monitoring.internal.command;

import java.time.Duration;
import java.time.Instant;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.qenex.monitoring.internal.Durations;
import org.qenex.monitoring.internal.alert.AlertEngine;
import org.qenex.monitoring.internal.alert.AlertStatus;

@Command(scope = "qenex", name = "alerts", description = "Lists the alert rules (etc/org.qenex.alert-*.cfg), firing first.")
@Service
public class AlertsCommand implements Action {

    @Reference
    private AlertEngine alerts;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.emptyTableText("no alert rule is configured (etc/org.qenex.alert-<name>.cfg)");
        table.column("Name");
        table.column("State");
        table.column("Severity");
        table.column("For").alignRight();
        table.column("Value").alignRight();
        table.column("Condition").maxSize(70);
        Instant now = Instant.now();
        for (AlertStatus alert : alerts.alerts()) {
            table.addRow().addContent(alert.name(), alert.state(), alert.severity(),
                    alert.since() == null ? "" : Durations.format(Duration.between(alert.since(), now)),
                    alert.value() == null ? "no data" : AlertEngine.format(alert.value()), alert.condition());
        }
        table.print(System.out);
        return null;
    }
}
