/**
 * The node's peer-to-peer network as other bundles, the shell and the REST API see it:
 * {@link org.qenex.api.network.PeerNetwork}. The wire protocol itself is specified in
 * {@code docs/network.md}.
 *
 * @since 1.0.0; 1.1.0 adds {@link org.qenex.api.network.SyncStatus} to
 *        {@link org.qenex.api.network.NetworkStatus} (the catch-up's height, target, rate and ETA); 1.2.0:
 *        {@link org.qenex.api.network.PeerNetwork#ban} bans a node key or an address {@code ip:port},
 *        not only a whole host (the same signatures, wider meaning)
 */
@Version("1.2.0")
@Export
package org.qenex.api.network;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
