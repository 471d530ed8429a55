package org.qenex.chain.internal.http;

import java.nio.file.FileAlreadyExistsException;

import org.qenex.api.http.ApiException;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.wallet.WrongPassphraseException;

/** The chain's exceptions as API errors: the one mapping its three resources share. */
final class ChainErrors {

    private ChainErrors() {
    }

    /** The error for {@code failure}, or null when it is not the chain's to explain (a 500). */
    static ApiException of(Exception failure) {
        if (failure instanceof ChainException e) {
            int status = e.error() == ChainError.MEMPOOL_FULL || e.error() == ChainError.SENDER_LIMIT
                    || e.error() == ChainError.NOT_STORED ? 503 : e.error() == ChainError.DUPLICATE ? 409 : 400;
            return new ApiException(status, e.code(), e.getMessage());
        }
        if (failure instanceof WrongPassphraseException) {
            return ApiException.forbidden("wrong_passphrase", failure.getMessage());
        }
        if (failure instanceof FileAlreadyExistsException) {
            return ApiException.conflict("wallet_exists", failure.getMessage());
        }
        if (failure instanceof IllegalArgumentException) {
            // addresses, hashes and names the client wrote: the chain's parsers say what is wrong
            return ApiException.badRequest("bad_request", failure.getMessage());
        }
        return null;
    }
}
