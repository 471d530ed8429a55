package org.qenex.chain.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX chain",
        description = "The QXC ledger: where its genesis file is, and the node's mempool limits.")
public @interface ChainConfiguration {

    @AttributeDefinition(name = "Genesis file",
            description = "Path of the network's genesis JSON file (qenex:chain genesis writes one); the chain does not start"
                    + " while it is missing. Empty: ${karaf.data}/qenex/chain/genesis.json, created on the first start for a"
                    + " single-node chain whose only validator is this node's key.")
    String genesisFile() default "";

    @AttributeDefinition(name = "Chain id",
            description = "The chain id written into a genesis file this node creates (1 to 32 characters [a-z0-9-]).")
    String chainId() default "qenex-local";

    @AttributeDefinition(name = "Block interval (ms)",
            description = "The slot length written into a single-node genesis file this node creates (100 or more).", min = "100")
    long blockIntervalMillis() default 5_000;

    @AttributeDefinition(name = "Mempool size", description = "The most transactions waiting for a block.", min = "1")
    int mempoolMaxTransactions() default 50_000;

    @AttributeDefinition(name = "Mempool per sender", description = "The most waiting transactions of one sender.", min = "1")
    int mempoolMaxPerSender() default 256;

    @AttributeDefinition(name = "Signature cache",
            description = "How many verified transactions are remembered, so that a block does not verify them again.",
            min = "1000")
    int signatureCacheEntries() default 200_000;
}
