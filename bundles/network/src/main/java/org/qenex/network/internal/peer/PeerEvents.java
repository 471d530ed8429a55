package org.qenex.network.internal.peer;

import java.util.Optional;

import org.qenex.network.internal.wire.Message;

/** What a {@link PeerConnection} asks of, and tells, the engine that owns it. */
interface PeerEvents {

    /** This node's HELLO for a new connection, with a fresh nonce and the current head. */
    Message.Hello localHello();

    /** Why the peer of this HELLO is refused, or empty to go on with the handshake. */
    Optional<Message.Reject> admit(PeerConnection connection, Message.Hello hello);

    /** The handshake completed; false if the connection must close (a duplicate). */
    boolean established(PeerConnection connection);

    /** A message after the handshake that the connection does not answer itself. */
    void message(PeerConnection connection, Message message);

    /** The peer misbehaved: score it, ban at 0, and the connection closes. */
    void offence(PeerConnection connection, Offence offence, String detail);

    /** The peer refused this node. */
    void rejectedBy(PeerConnection connection, Message.Reject reject);

    /** Something to log once per host and cause (slow peer, TLS failure, handshake timeout). */
    void note(PeerConnection connection, String cause, String detail);

    /** The channel closed, established or not. */
    void closed(PeerConnection connection);
}
