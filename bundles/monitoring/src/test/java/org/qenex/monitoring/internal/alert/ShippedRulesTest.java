package org.qenex.monitoring.internal.alert;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.Test;

/** The default rules shipped in the distribution's etc/ are valid rules, as DS would read them from their .cfg files. */
public class ShippedRulesTest {

    private static final Path ETC = Path.of("..", "..", "karaf-distribution", "src", "main", "distribution", "etc");

    @Test
    public void everyShippedRuleParses() throws IOException {
        Map<String, String> conditions = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(ETC, "org.qenex.alert-*.cfg")) {
            for (Path file : files) {
                AlertRule rule = AlertRule.of(Configs.of(AlertRuleConfiguration.class, asDsWould(file)));
                assertEquals("a rule's file is named after it", "org.qenex.alert-" + rule.name() + ".cfg",
                        file.getFileName().toString());
                conditions.put(rule.name(), rule.condition());
            }
        }
        assertEquals(Map.of(
                "disk-almost-full", "qenex_storage_disk_free_bytes < 1073741824 for 1m 0s",
                "heap-almost-full", "jvm_memory_used_bytes{area=\"heap\"} / jvm_memory_max_bytes{area=\"heap\"} > 0.9 for 5m 0s",
                "no-block", "qenex_chain_head_age_seconds > 180",
                "part-quarantined", "qenex_parts_quarantined > 0",
                "rest-errors", "rate(qenex_rest_responses_total{status_class=\"5xx\"}) / rate(qenex_rest_responses_total) > 0.05 for 5m 0s"),
                conditions);
    }

    /**
     * The families the alert engine's scrape collects for the shipped rules, by their Prometheus names
     * (a counter's without {@code _total}): none of them runs the health checks again.
     */
    @Test
    public void theShippedRulesReadOnlyTheFamiliesTheyName() throws IOException {
        java.util.List<AlertRule> rules = new java.util.ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(ETC, "org.qenex.alert-*.cfg")) {
            for (Path file : files) {
                rules.add(AlertRule.of(Configs.of(AlertRuleConfiguration.class, asDsWould(file))));
            }
        }
        java.util.Set<String> read = new java.util.TreeSet<>();
        for (String family : java.util.List.of("qenex_storage_disk_free_bytes", "jvm_memory_used_bytes", "jvm_memory_max_bytes",
                "qenex_chain_head_age_seconds", "qenex_parts_quarantined", "qenex_rest_responses", "qenex_rest_responses_total",
                "qenex_health_check_status", "qenex_health_checks", "qenex_incidents", "qenex_chain_height", "jvm_memory")) {
            if (rules.stream().anyMatch(rule -> rule.reads(family))) {
                read.add(family);
            }
        }
        assertEquals(new java.util.TreeSet<>(java.util.List.of("jvm_memory_max_bytes", "jvm_memory_used_bytes",
                "qenex_chain_head_age_seconds", "qenex_parts_quarantined", "qenex_rest_responses",
                "qenex_rest_responses_total", "qenex_storage_disk_free_bytes")), read);
    }

    /** A .cfg's strings converted to the configuration's types, as DS converts them. */
    private static Map<String, Object> asDsWould(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, Object> values = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key);
            Class<?> type;
            try {
                type = AlertRuleConfiguration.class.getMethod(key).getReturnType();
            } catch (NoSuchMethodException e) {
                throw new AssertionError(file + ": " + key + " is not a setting of an alert rule");
            }
            values.put(key, type == double.class ? Double.valueOf(value) : type == String[].class ? new String[] {value} : value);
        }
        return values;
    }
}
