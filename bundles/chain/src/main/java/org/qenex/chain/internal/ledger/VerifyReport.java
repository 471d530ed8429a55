package org.qenex.chain.internal.ledger;

/**
 * The outcome of re-validating the stored chain from genesis.
 *
 * @param blocks how many blocks were re-validated
 * @param transactions how many transactions they held
 * @param ok whether every block passed and the replayed state equals the live state
 * @param detail the first failure, or a summary
 */
public record VerifyReport(long blocks, long transactions, boolean ok, String detail) {
}
