package org.qenex.chain.internal.http;

import java.nio.file.FileAlreadyExistsException;

import org.qenex.api.http.ApiException;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.wallet.NoSuchWalletException;
import org.qenex.chain.internal.wallet.WalletsBusyException;
import org.qenex.chain.internal.wallet.WrongPassphraseException;

/** The chain's exceptions as API errors: the one mapping its three resources share. */
final class ChainErrors {

    private ChainErrors() {
    }

    /** The error for {@code failure}, or null when it is not the chain's to explain (a 500). */
    static ApiException of(Exception failure) {
        if (failure instanceof ChainException e) {
            return new ApiException(status(e.error()), e.code(), e.getMessage());
        }
        if (failure instanceof WalletsBusyException) {
            return new ApiException(503, "busy", failure.getMessage()).withHeader("Retry-After", "5");
        }
        if (failure instanceof WrongPassphraseException) {
            return ApiException.forbidden("wrong_passphrase", failure.getMessage());
        }
        if (failure instanceof FileAlreadyExistsException) {
            return ApiException.conflict("wallet_exists", failure.getMessage());
        }
        if (failure instanceof NoSuchWalletException) {
            return ApiException.notFound("no_such_wallet", failure.getMessage());
        }
        if (failure instanceof IllegalArgumentException) {
            // addresses, hashes and names the client wrote: the chain's parsers say what is wrong
            return ApiException.badRequest("bad_request", failure.getMessage());
        }
        return null;
    }

    /**
     * 503 for a node that cannot take it now; 409 for a well-formed transaction the ledger's state
     * refuses (a nonce already used or not yet reachable, a balance too low, a parent already set or
     * making a cycle, a duplicate): the client's request was fine, the state moved, and the
     * gateway's intrusion detection counts 400s as malformed requests (a sender's concurrent
     * submits under load must not look like an attack); 400 for bytes that are not a valid transaction.
     */
    static int status(ChainError error) {
        return switch (error) {
            case MEMPOOL_FULL, SENDER_LIMIT, NOT_STORED -> 503;
            case DUPLICATE, NONCE_REPLAYED, NONCE_SKIPPED, INSUFFICIENT_BALANCE, PARENT_ALREADY_SET, PARENT_CYCLE -> 409;
            default -> 400;
        };
    }
}
