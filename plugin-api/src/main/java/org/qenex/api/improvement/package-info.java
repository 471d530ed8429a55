/**
 * Proof of Improvement: the contract between the model that improves (the AI subsystem) and the
 * ledger that mints coins only for verified improvements (the chain).
 *
 * @since 1.0.0
 */
@Version("1.0.0")
@Export
package org.qenex.api.improvement;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
