/**
 * Proof of Improvement: the contract between the model that improves (the AI subsystem) and the
 * ledger that mints coins only for verified improvements (the chain).
 *
 * <p>2.0.0: a proof carries its prediction fingerprint and its contributor's signature over the
 * candidate ({@link org.qenex.api.improvement.CandidateStatement}); node wallets sign through
 * {@link org.qenex.api.improvement.ContributorKeys}.
 *
 * <p>2.1.0: {@link org.qenex.api.improvement.ImprovementSource#acceptedProofsAfter(String)}, so the
 * chain takes only the proofs accepted since the last one it received.
 *
 * <p>2.2.0: {@link org.qenex.api.improvement.VerificationResult#undecided(String)}, the answer of a
 * verifier that cannot check a proof (its parent not known yet, its own failure, task data it lacks):
 * no verdict, so the chain defers the block instead of refusing it.
 *
 * @since 1.0.0
 */
@Version("2.2.0")
@Export
package org.qenex.api.improvement;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
