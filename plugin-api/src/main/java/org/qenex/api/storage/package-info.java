/**
 * The node's embedded store: named, ordered key-value {@link org.qenex.api.storage.Namespace
 * namespaces} with typed {@link org.qenex.api.storage.Codec codecs}, atomic durable
 * {@link org.qenex.api.storage.Batch batches}, and online backup with point-in-time restore
 * ({@link org.qenex.api.storage.BackupService}).
 *
 * <p>Every failure is a {@link org.qenex.api.storage.StorageException} with a stable machine
 * readable {@link org.qenex.api.storage.StorageException#code() code}.
 *
 * <p>1.1.0: namespaces belong to the bundle that created them
 * ({@link org.qenex.api.storage.Store#SHARED_NAMESPACES_HEADER}, {@link
 * org.qenex.api.storage.NamespaceNotOwnedException}) and can be dropped
 * ({@link org.qenex.api.storage.Store#drop}).
 *
 * <p>1.2.0: {@link org.qenex.api.storage.Store#commitTimes()} and
 * {@link org.qenex.api.storage.BackupService#activity()}, for monitoring.
 *
 * @since 1.0.0
 */
@Version("1.2.0")
@Export
package org.qenex.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
