package org.qenex.chain.internal.http;

import java.security.SecureRandom;
import java.util.function.BooleanSupplier;

import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/**
 * Runs the costly steps of a submission, decoding a signed transfer and verifying its Ed25519
 * signature, on a throw-away transfer of a throw-away key, so that the JIT has compiled them before
 * the first real load. Nothing reaches the mempool, the signature cache or the store.
 *
 * <p>Why: in a fresh JVM a BouncyCastle verification costs about 3x its compiled cost for the first
 * few hundred and 1.3-1.8x until some 6,000 have run (C2 compiles the double-base scalar
 * multiplication late); a node that starts and then meets 1,000 transfers a second spends its first
 * seconds of load behind. Seen in a node profiled under load: {@code Ed25519.scalarMultStraus128Var}
 * was compiled by C2 only during the load, thousands of compilations after start.
 */
final class SubmitPathWarmup {

    private final ChainParameters params;
    private final int verifications;

    SubmitPathWarmup(ChainParameters params, int verifications) {
        this.params = params;
        this.verifications = verifications;
    }

    /**
     * Decodes and verifies the transfer up to {@code verifications} times, fewer once {@code stop}
     * answers true (checked before each).
     *
     * @return how many ran
     * @throws IllegalStateException if a freshly signed transfer does not decode or verify (a self-test failure)
     */
    int run(BooleanSupplier stop) {
        KeyPair key = KeyPair.generate(new SecureRandom());
        byte[] encoded = TransactionCodec.transfer(params.chainId(), key, key.account(), 1, params.minFee(), 0).encoded();
        int done = 0;
        while (done < verifications && !stop.getAsBoolean()) {
            Transaction tx;
            try {
                tx = TransactionCodec.decode(encoded, params.maxTransactionBytes());
            } catch (ChainException e) {
                throw new IllegalStateException("self-test: a transfer signed here does not decode: " + e.getMessage(), e);
            }
            if (!tx.signaturesValid()) {
                throw new IllegalStateException("self-test: a transfer signed here does not verify");
            }
            done++;
        }
        return done;
    }
}
