/**
 * The node's embedded store: named, ordered key-value {@link org.qenex.api.storage.Namespace
 * namespaces} with typed {@link org.qenex.api.storage.Codec codecs}, atomic durable
 * {@link org.qenex.api.storage.Batch batches}, and online backup with point-in-time restore
 * ({@link org.qenex.api.storage.BackupService}).
 *
 * <p>Every failure is a {@link org.qenex.api.storage.StorageException} with a stable machine
 * readable {@link org.qenex.api.storage.StorageException#code() code}.
 *
 * @since 1.0.0
 */
@Version("1.0.0")
@Export
package org.qenex.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
