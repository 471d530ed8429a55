package org.qenex.monitoring.internal.command;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.qenex.monitoring.internal.log.LogLine;
import org.qenex.monitoring.internal.log.LogQuery;
import org.qenex.monitoring.internal.log.LogRing;

@Command(scope = "qenex", name = "logs", description = "Searches the node's recent log events (kept in memory), oldest first.")
@Service
public class LogsCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    @Reference
    private LogRing log;

    @Option(name = "--level", description = "The least severe level shown: ERROR, WARN, INFO, DEBUG or TRACE (default: all)")
    private String level;

    @Option(name = "--since", description = "Only events of the last 90s, 10m, 2h, 1d (at most 30d)")
    private String since;

    @Option(name = "--grep", description = "Only events whose message, logger, request id or exception contains this (case-insensitive, at most 200 characters)")
    private String grep;

    @Option(name = "-n", description = "The most events shown, the newest (1 to 1000, default 100)")
    private Integer count;

    @Override
    public Object execute() throws CommandException {
        LogQuery query;
        try {
            query = LogQuery.parse(level, since, grep, count, Instant.now());
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), e.getMessage());
        }
        for (LogLine line : log.search(query)) {
            System.out.println(TIME.format(Instant.ofEpochMilli(line.time())) + " " + String.format("%-5s", line.level()) + " "
                    + shortName(line.logger()) + (line.requestId() == null ? "" : " requestId=" + line.requestId()) + " "
                    + line.message() + (line.thrown() == null ? "" : System.lineSeparator() + "    " + line.thrown()));
        }
        return null;
    }

    private static String shortName(String logger) {
        return logger == null ? "" : logger.substring(logger.lastIndexOf('.') + 1);
    }
}
