package org.qenex.network.internal.wire;

/** A frame whose payload is not a well-formed message of this protocol version. */
public final class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
