/**
 * The QXC ledger as other bundles see it: read-only, in base units (1 QXC = 10^8 units). New blocks
 * are also published on EventAdmin ({@link org.qenex.api.event.QenexTopics#BLOCK}).
 *
 * @since 1.0.0; 1.1.0 adds {@link org.qenex.api.chain.ChainView#genesisHash()}; 1.2.0 adds
 *        {@link org.qenex.api.chain.BlockExchange} for the network; 1.3.0 adds
 *        {@link org.qenex.api.chain.BlockExchange#pendingTransactionIds(int)} (the mempool a joining
 *        peer is told of), {@link org.qenex.api.chain.BlockExchange.BlockVerdict#DEFERRED} and
 *        {@link org.qenex.api.chain.ChainView#modelTip()}; 1.4.0 adds
 *        {@link org.qenex.api.chain.BlockExchange#admitTransactions(java.util.List)} (a peer's batch,
 *        one wait for the store)
 */
@Version("1.4.0")
@Export
package org.qenex.api.chain;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
