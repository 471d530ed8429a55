package org.qenex.ai.internal.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import weka.core.Instances;

/**
 * Evaluation splits already passed through a pipeline's trained filters. Filters are trained on
 * the task's training rows alone, deterministically, so the filtered split depends only on the
 * task's data and the filters' specification: candidates that share their filters (most of the
 * improver's, and every re-scoring of a version) skip the costly text filtering. The cached
 * instances are only read. A few entries, least recently used first out.
 */
public final class FilteredSplitCache {

    private static final int ENTRIES = 24;

    private final Map<String, Instances> entries = new LinkedHashMap<>(32, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instances> eldest) {
            return size() > ENTRIES;
        }
    };

    public Instances get(String key, Callable<Instances> filter) {
        synchronized (entries) {
            Instances cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Instances filtered;
        try {
            filtered = filter.call();
        } catch (Exception e) {
            throw new IllegalStateException("filtering failed: " + e.getMessage(), e);
        }
        synchronized (entries) {
            entries.putIfAbsent(key, filtered);
            return entries.get(key);
        }
    }
}
