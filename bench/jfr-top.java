// Where a JFR recording's CPU and allocation went, for threads whose name starts with a prefix, within
// a time window: the methods on top of the execution samples (self) and anywhere on their stacks
// (inclusive), allocation samples by class and by site, and, with FOCUS, what that method called.
// Used for docs/network.md, "Performance" (bench/network-load.sh with QENEX_JFR="a b" writes the
// recordings; its trace's first line "# start EPOCH_MS" gives the sending's start).
//
// Usage: java bench/jfr-top.java FILE.jfr THREAD_PREFIX [INCLUSIVE_ROWS [FROM_MS [TO_MS [FOCUS]]]]
//   e.g. java bench/jfr-top.java a.jfr qtp 60 $((S+5000)) $((S+35000)) org.qenex.api.http.ApiDispatcher.dispatch
// FOCUS is a frame as printed (class.method): only samples through it count, and its callees are listed.
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

public class JfrTop {
    public static void main(String[] a) throws Exception {
        String prefix = a[1];
        int rows = a.length > 2 ? Integer.parseInt(a[2]) : 40;
        long from = a.length > 3 ? Long.parseLong(a[3]) : 0;
        long to = a.length > 4 ? Long.parseLong(a[4]) : Long.MAX_VALUE;
        String focus = a.length > 5 ? a[5] : null;
        Map<String, Integer> callees = new HashMap<>(), self = new HashMap<>(), inclusive = new HashMap<>();
        Map<String, Integer> byClass = new HashMap<>(), bySite = new HashMap<>();
        int samples = 0;
        long allocated = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(a[0]))) {
            String type = e.getEventType().getName();
            RecordedThread t = e.hasField("sampledThread") ? e.getThread("sampledThread")
                    : e.hasField("eventThread") ? e.getThread("eventThread") : null;
            RecordedStackTrace stack = e.getStackTrace();
            if (t == null || t.getJavaName() == null || !t.getJavaName().startsWith(prefix) || stack == null) {
                continue;
            }
            long at = e.getStartTime().toEpochMilli();
            List<RecordedFrame> frames = stack.getFrames();
            if (at < from || at > to || focus != null && frames.stream().noneMatch(f -> name(f).equals(focus))) {
                continue;
            }
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                if (!frames.isEmpty()) {
                    self.merge(name(frames.get(0)), 1, Integer::sum);
                }
                if (focus != null) {
                    for (int k = frames.size() - 1; k >= 0; k--) {
                        if (name(frames.get(k)).equals(focus)) {
                            callees.merge(k == 0 ? "(self)" : name(frames.get(k - 1)), 1, Integer::sum);
                            break;
                        }
                    }
                }
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    if (seen.add(name(f))) {
                        inclusive.merge(name(f), 1, Integer::sum);
                    }
                }
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long weight = e.getLong("weight");
                allocated += weight;
                String cls = e.getClass("objectClass").getName();
                byClass.merge(cls, (int) (weight / 1024), Integer::sum);
                StringBuilder site = new StringBuilder(cls);
                for (int k = 0; k < Math.min(7, frames.size()); k++) {
                    site.append(" <- ").append(name(frames.get(k)));
                }
                bySite.merge(site.toString(), (int) (weight / 1024), Integer::sum);
            }
        }
        System.out.println("samples " + samples + " in threads " + prefix + "*");
        if (focus != null) {
            print("CALLEES of " + focus, callees, samples, 40);
        }
        print("SELF", self, samples, 30);
        print("INCLUSIVE", inclusive, samples, rows);
        System.out.println("allocated (sampled weight) KiB " + allocated / 1024);
        print("ALLOCATION by class, KiB", byClass, (int) (allocated / 1024), 25);
        print("ALLOCATION by site, KiB", bySite, (int) (allocated / 1024), 40);
    }

    static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    static void print(String title, Map<String, Integer> counts, int total, int rows) {
        System.out.println("== " + title);
        counts.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(rows)
                .forEach(c -> System.out.printf("%6d %5.1f%% %s%n", c.getValue(), 100.0 * c.getValue() / Math.max(1, total), c.getKey()));
    }
}
