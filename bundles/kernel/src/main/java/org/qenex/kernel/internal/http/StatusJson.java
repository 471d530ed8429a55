package org.qenex.kernel.internal.http;

import java.time.Duration;
import java.util.Optional;

import org.qenex.api.health.Incident;
import org.qenex.kernel.internal.resources.ResourceOutlook;
import org.qenex.kernel.internal.resources.ResourceSample;
import org.qenex.kernel.internal.status.ContributedStatus;
import org.qenex.kernel.internal.status.PluginView;
import org.qenex.kernel.internal.status.StatusReport;
import org.qenex.kernel.internal.supervisor.PartView;
import org.qenex.kernel.internal.work.WorkStats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON shape of {@code /api/v1/status}; field names are part of the API, keep them stable. */
final class StatusJson {

    private final ObjectMapper mapper;

    StatusJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode of(StatusReport report) {
        ObjectNode root = mapper.createObjectNode();
        root.put("node", report.nodeId());
        root.put("version", report.version());
        root.put("uptimeMs", report.uptime().toMillis());
        root.put("health", report.health().name());
        ArrayNode components = root.putArray("components");
        for (PartView part : report.parts()) {
            components.add(part(part));
        }
        ArrayNode plugins = root.putArray("plugins");
        for (PluginView plugin : report.plugins()) {
            plugins.add(plugin(plugin));
        }
        ArrayNode contributed = root.putArray("contributed");
        for (ContributedStatus status : report.contributed()) {
            ObjectNode node = contributed.addObject();
            node.put("name", status.name());
            node.put("bundleId", status.bundleId());
            ObjectNode lines = node.putObject("lines");
            status.lines().forEach(lines::put);
            node.put("error", status.error());
        }
        root.set("resources", resources(report.resources(), report.outlook(), report.work()));
        return root;
    }

    /** One plugin with what its bundle registered; also the items of {@code /api/v1/plugins}. */
    ObjectNode plugin(PluginView plugin) {
        ObjectNode node = mapper.createObjectNode();
        node.put("name", plugin.name());
        node.put("version", plugin.version());
        node.put("description", plugin.description());
        node.put("bundleId", plugin.bundleId());
        node.put("state", plugin.bundleState());
        ArrayNode routes = node.putArray("routes");
        plugin.routes().forEach(routes::add);
        ArrayNode checks = node.putArray("healthChecks");
        for (PluginView.CheckLink check : plugin.healthChecks()) {
            checks.addObject().put("part", check.part()).put("critical", check.critical());
        }
        ArrayNode jobs = node.putArray("jobs");
        for (PluginView.JobLink job : plugin.jobs()) {
            jobs.addObject().put("name", job.name()).put("priority", job.priority()).put("state", job.state())
                    .put("runs", job.runs());
        }
        node.put("statusContributors", plugin.statusContributors());
        return node;
    }

    private ObjectNode part(PartView part) {
        ObjectNode node = mapper.createObjectNode();
        node.put("name", part.name());
        node.put("kind", part.kind().name());
        node.put("bundleId", part.bundleId());
        node.put("bundleState", part.bundleState());
        node.put("health", part.health().name());
        node.put("critical", part.critical());
        node.put("message", part.message());
        node.put("quarantined", part.quarantined());
        node.put("restarts", part.restarts());
        Incident last = part.lastIncident();
        if (last == null) {
            node.putNull("lastIncident");
        } else {
            ObjectNode incident = node.putObject("lastIncident");
            incident.put("time", last.time().toString());
            incident.put("cause", last.cause());
            incident.put("action", last.action());
            incident.put("outcome", last.outcome());
        }
        return node;
    }

    private ObjectNode resources(Optional<ResourceSample> latest, ResourceOutlook outlook, WorkStats work) {
        ObjectNode node = mapper.createObjectNode();
        latest.ifPresent(sample -> {
            node.put("time", sample.time().toString());
            ObjectNode cpu = node.putObject("cpu");
            cpu.put("process", sample.processCpuLoad());
            cpu.put("system", sample.systemCpuLoad());
            ObjectNode heap = node.putObject("heap");
            heap.put("used", sample.heapUsed());
            heap.put("committed", sample.heapCommitted());
            heap.put("max", sample.heapMax());
            heap.put("afterGc", sample.heapAfterGc());
            heap.put("afterGcRatio", sample.heapAfterGcRatio());
            heap.put("gcCount", sample.gcCount());
            heap.put("gcTimeMs", sample.gcTimeMillis());
            node.put("threads", sample.threads());
            ObjectNode fds = node.putObject("fds");
            fds.put("open", sample.openFds());
            fds.put("max", sample.maxFds());
            ObjectNode disk = node.putObject("disk");
            disk.put("free", sample.diskFree());
            disk.put("total", sample.diskTotal());
        });
        ObjectNode predictions = node.putObject("predictions");
        predictions.set("heap", prediction(outlook.heapExhaustedIn(), outlook.heapWarning()));
        predictions.set("disk", prediction(outlook.diskFullIn(), outlook.diskWarning()));
        ObjectNode scheduler = node.putObject("scheduler");
        scheduler.put("running", work.running());
        scheduler.put("queued", work.queued());
        scheduler.put("waiting", work.waiting());
        scheduler.put("limit", work.limit());
        scheduler.put("maxConcurrency", work.maxConcurrency());
        scheduler.put("completed", work.completed());
        scheduler.put("failed", work.failed());
        return node;
    }

    private ObjectNode prediction(Optional<Duration> exhaustedIn, boolean warning) {
        ObjectNode node = mapper.createObjectNode();
        if (exhaustedIn.isPresent()) {
            node.put("exhaustedInMs", exhaustedIn.get().toMillis());
        } else {
            node.putNull("exhaustedInMs");
        }
        node.put("trend", exhaustedIn.isPresent() ? "rising" : "stable");
        node.put("warning", warning);
        return node;
    }
}
