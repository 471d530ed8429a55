package org.qenex.chain.internal.wallet;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX node wallets", description = "Passphrase-encrypted key files held by the node.")
public @interface WalletConfiguration {

    @AttributeDefinition(name = "Directory",
            description = "Where the key files are; empty: ${karaf.data}/qenex/chain/wallets.")
    String directory() default "";

    @AttributeDefinition(name = "scrypt cost",
            description = "scrypt N for new key files (a power of two; 32768 takes about 32 MiB and 0.1-0.3 s).",
            min = "1024")
    int scryptCost() default KeyEncryption.DEFAULT_COST;
}
