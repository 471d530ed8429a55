package org.qenex.storage.internal.journal;

import java.io.IOException;

/** Damage in the journal that is not a torn tail: acknowledged records cannot be read. */
public final class JournalCorruptException extends IOException {

    private static final long serialVersionUID = 1L;

    public JournalCorruptException(String message) {
        super(message);
    }
}
