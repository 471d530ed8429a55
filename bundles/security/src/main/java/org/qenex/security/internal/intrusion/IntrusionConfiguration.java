package org.qenex.security.internal.intrusion;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX intrusion detection",
        description = "Rules and an anomaly model over every REST request and login; detections raise incidents and can block the address.")
public @interface IntrusionConfiguration {

    @AttributeDefinition(name = "Block (seconds)", description = "How long a detected address is refused (403 before authentication). 0 never blocks.")
    int blockSeconds() default 900;

    @AttributeDefinition(name = "Never block", description = "Addresses that are never blocked (detections still raise incidents).")
    String[] neverBlock() default {"127.0.0.1", "0:0:0:0:0:0:0:1"};

    @AttributeDefinition(name = "Brute force: failed logins", description = "Failed logins from one address within the window that block it.")
    int bruteForceFailures() default 10;

    @AttributeDefinition(name = "Brute force: window (seconds)")
    int bruteForceWindowSeconds() default 60;

    @AttributeDefinition(name = "Brute force on one user: failed logins", description = "Failed logins for one user name from anywhere within the window (incident only).")
    int userFailures() default 20;

    @AttributeDefinition(name = "Brute force on one user: window (seconds)")
    int userWindowSeconds() default 300;

    @AttributeDefinition(name = "Scan: distinct unknown paths", description = "Distinct paths answered 404/405 to one address within the window.")
    int scanDistinctPaths() default 20;

    @AttributeDefinition(name = "Scan: window (seconds)")
    int scanWindowSeconds() default 60;

    @AttributeDefinition(name = "Flood: requests", description = "More requests than this from one address within the window.")
    int floodRequests() default 600;

    @AttributeDefinition(name = "Flood: window (seconds)")
    int floodWindowSeconds() default 10;

    @AttributeDefinition(name = "Garbage: malformed requests", description = "Requests answered 400/411/413/415/422 to one address within the window.")
    int garbageRequests() default 30;

    @AttributeDefinition(name = "Garbage: window (seconds)")
    int garbageWindowSeconds() default 60;

    @AttributeDefinition(name = "Anomaly model", description = "Score each address's traffic against this node's own baseline.")
    boolean anomalyEnabled() default true;

    @AttributeDefinition(name = "Anomaly: window (seconds)")
    int anomalyWindowSeconds() default 10;

    @AttributeDefinition(name = "Anomaly: threshold", description = "Robust z-score above which a window is anomalous.")
    double anomalyThreshold() default 6.0;

    @AttributeDefinition(name = "Anomaly: windows before scoring", description = "Normal windows learnt before the model judges anything.")
    int anomalyMinWindows() default 50;

    @AttributeDefinition(name = "Anomaly: baseline size", description = "The most recent normal windows the baseline keeps.")
    int anomalyBaseline() default 2000;

    @AttributeDefinition(name = "Anomaly: block", description = "Whether an anomaly blocks the address (off: incident only, since a statistical model errs).")
    boolean anomalyBlocks() default false;

    @AttributeDefinition(name = "Tracked addresses", description = "At most this many addresses (and users) are counted at once per rule.")
    int maxTrackedAddresses() default 100_000;
}
