package org.qenex.api.http;

import java.io.IOException;

/**
 * Thrown by a request body's stream when the body passes a limit the node set: the dispatcher
 * answers it 413 {@code body_too_large}, where any other failed read is a 400 {@code unreadable_body}.
 *
 * @since 1.1.0
 */
public class BodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    public BodyTooLargeException(String message) {
        super(message);
    }
}
