package org.qenex.chain.internal.http;

import java.security.SecureRandom;
import java.util.function.LongSupplier;

import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/**
 * Runs the costly steps of a submission, decoding a signed transfer and verifying its Ed25519
 * signature, on throw-away transfers of throw-away keys, so that the JIT has compiled them before
 * the first real load. Nothing reaches the mempool, the signature cache or the store.
 *
 * <p>Why: in a fresh JVM a BouncyCastle verification costs about 3x its compiled cost for the first
 * few hundred and 1.3-1.8x until some 6,000 have run (C2 compiles the double-base scalar
 * multiplication late); a node that starts and then meets 1,000 transfers a second spends its first
 * seconds of load behind. Seen in a node profiled under load: {@code Ed25519.scalarMultStraus128Var}
 * was compiled by C2 only during the load, thousands of compilations after start.
 *
 * <p>Why many keys: C2 compiles a branch that its profile never saw taken as a trap. Warmed up with
 * one key's one transfer, {@code scalarMultStraus128Var} was compiled without the branches other
 * keys take; the first real transfers then threw it back to the interpreter ({@code unstable_if}, seen
 * in a JFR recording 89 ms into the load) and its recompilation kept a core for 614 ms while the
 * submits queued: a third of the first second's submits took over 50 ms.
 */
final class SubmitPathWarmup {

    /** Distinct senders, each signing {@link #TRANSFERS_PER_KEY} transfers of different amounts. */
    static final int KEYS = 16;
    static final int TRANSFERS_PER_KEY = 4;

    private final ChainParameters params;
    private final int verifications;

    SubmitPathWarmup(ChainParameters params, int verifications) {
        this.params = params;
        this.verifications = verifications;
    }

    /**
     * Decodes and verifies the transfers until it and the real submissions together reach
     * {@code verifications} (checked before each), or its thread is interrupted: real transactions
     * run the same path, so they count toward the warm-up.
     *
     * @param realSubmissions transactions submitted to the node so far
     * @return how many it ran
     * @throws IllegalStateException if a freshly signed transfer does not decode or verify (a self-test failure)
     */
    int run(LongSupplier realSubmissions) {
        byte[][] encoded = signedTransfers();
        int done = 0;
        while (done + realSubmissions.getAsLong() < verifications && !Thread.currentThread().isInterrupted()) {
            Transaction tx;
            try {
                tx = TransactionCodec.decode(encoded[done % encoded.length], params.maxTransactionBytes());
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

    byte[][] signedTransfers() {
        SecureRandom random = new SecureRandom();
        byte[][] encoded = new byte[KEYS * TRANSFERS_PER_KEY][];
        for (int k = 0; k < KEYS; k++) {
            KeyPair sender = KeyPair.generate(random);
            KeyPair recipient = KeyPair.generate(random);
            for (int n = 0; n < TRANSFERS_PER_KEY; n++) {
                long amount = 1 + random.nextInt(1_000_000);
                encoded[k * TRANSFERS_PER_KEY + n] = TransactionCodec
                        .transfer(params.chainId(), sender, recipient.account(), amount, params.minFee() + n, n).encoded();
            }
        }
        return encoded;
    }
}
