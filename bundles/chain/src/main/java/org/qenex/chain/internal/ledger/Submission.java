package org.qenex.chain.internal.ledger;

import org.qenex.chain.internal.error.ChainException;

/**
 * What became of one transaction of a {@link Ledger#submitAll} batch: its {@code id} and, if the
 * ledger's state refused it, why ({@code refusal} null: admitted and durable).
 */
public record Submission(byte[] id, ChainException refusal) {

    public boolean admitted() {
        return refusal == null;
    }
}
