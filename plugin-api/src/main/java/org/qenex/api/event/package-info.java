/**
 * EventAdmin topics on which QENEX publishes what happens in the node.
 *
 * @since 1.0.0; 1.1.0 adds the transaction, AI, alert, plugin and peer topics; 1.2.0 the block
 *        event's import duration; 1.3.0 the block event's confirmed transactions
 */
@Version("1.3.0")
@Export
package org.qenex.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
