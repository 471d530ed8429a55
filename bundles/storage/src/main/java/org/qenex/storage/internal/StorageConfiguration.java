package org.qenex.storage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the store, PID {@code org.qenex.storage}. */
@ObjectClassDefinition(name = "QENEX Storage", description = "The node's embedded store: files, cache, checkpoints, backup retention.")
public @interface StorageConfiguration {

    @AttributeDefinition(name = "Directory", description = "Folder of the store's files; empty means the storage bundle's data folder, ${karaf.data}/qenex/storage.")
    String directory() default "";

    @AttributeDefinition(name = "Reserved prefixes", description = "prefix=bundle.symbolic.name: a namespace whose name starts with the prefix "
            + "and has no owner yet can only be created or claimed by that bundle (storage. is always reserved for the store).")
    String[] reservedPrefixes() default {"chain.=org.qenex.chain", "ai.=org.qenex.ai"};

    @AttributeDefinition(name = "Journal segment size (MiB)", description = "Size at which the commit journal starts a new segment file.", min = "1")
    int segmentMegabytes() default 64;

    @AttributeDefinition(name = "Read cache (MiB)", description = "Most memory the read cache holds, in decoded values.", min = "0")
    int cacheMegabytes() default 64;

    @AttributeDefinition(name = "Index node cache (MiB)", description = "Most memory the cache of decoded index B-tree nodes holds "
            + "(read and written nodes, so that a look-up or a write does not decode the tree's upper levels each time).", min = "0")
    int indexCacheMegabytes() default 32;

    @AttributeDefinition(name = "Checkpoint interval (seconds)", description = "How often the index is made durable, so that less journal replays after a crash. A quiet store (under 1,000 records since the last checkpoint) waits 12 of these periods.", min = "1")
    int checkpointSeconds() default 5;

    @AttributeDefinition(name = "Index check timeout (seconds)", description = "Longest time opening waits for the index check before rebuilding the index instead.", min = "1")
    int verifyTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Backups kept", description = "How many backups retention keeps at most.", min = "1")
    int backupRetainCount() default 7;

    @AttributeDefinition(name = "Backup age limit (days)", description = "Backups older than this are deleted (the newest is always kept).", min = "1")
    int backupRetainDays() default 14;

    @AttributeDefinition(name = "Low disk threshold (MiB)", description = "Below this much free space the health check reports DEGRADED.", min = "0")
    int diskLowMegabytes() default 1024;
}
