package org.qenex.chain.internal.tx;

import java.util.HexFormat;

import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.Ed25519;
import org.qenex.chain.internal.crypto.Sha256;

/**
 * A decoded, immutable transaction together with its exact encoding (docs/chain-format.md).
 * Decoding checks only the format; the rules are in {@code TransactionRules}.
 */
public final class Transaction {

    private final byte[] encoded;
    private final int signedLength;
    private final TransactionKind kind;
    private final String chainId;
    private final byte[] senderKey;
    private final AccountId sender;
    private final long nonce;
    private final long fee;
    private final AccountId recipient;
    private final long amount;
    private final byte[] parentKey;
    private final AccountId parent;
    private final byte[] id;
    private byte[] leafHash;

    Transaction(byte[] encoded, int signedLength, TransactionKind kind, String chainId, byte[] senderKey, long nonce,
            long fee, AccountId recipient, long amount, byte[] parentKey) {
        this.encoded = encoded;
        this.signedLength = signedLength;
        this.kind = kind;
        this.chainId = chainId;
        this.senderKey = senderKey;
        this.sender = AccountId.ofPublicKey(senderKey);
        this.nonce = nonce;
        this.fee = fee;
        this.recipient = recipient;
        this.amount = amount;
        this.parentKey = parentKey;
        this.parent = parentKey == null ? null : AccountId.ofPublicKey(parentKey);
        this.id = Sha256.hash(encoded, 0, signedLength);
    }

    public TransactionKind kind() {
        return kind;
    }

    public String chainId() {
        return chainId;
    }

    public byte[] senderKey() {
        return senderKey.clone();
    }

    public AccountId sender() {
        return sender;
    }

    public long nonce() {
        return nonce;
    }

    public long fee() {
        return fee;
    }

    /** The recipient of a transfer; {@code null} for other kinds. */
    public AccountId recipient() {
        return recipient;
    }

    /** The amount of a transfer; 0 for other kinds. */
    public long amount() {
        return amount;
    }

    /** The parent of a set-parent; {@code null} for other kinds. */
    public AccountId parent() {
        return parent;
    }

    public byte[] parentKey() {
        return parentKey == null ? null : parentKey.clone();
    }

    /** SHA-256 of the signed bytes: independent of the signatures. */
    public byte[] id() {
        return id.clone();
    }

    public String idHex() {
        return HexFormat.of().formatHex(id);
    }

    public byte[] encoded() {
        return encoded.clone();
    }

    public int size() {
        return encoded.length;
    }

    /** The Merkle leaf: SHA-256(0x00 || encoded), which covers the signatures too. */
    public synchronized byte[] leafHash() {
        if (leafHash == null) {
            leafHash = Sha256.hash((byte) 0, encoded);
        }
        return leafHash;
    }

    /** Whether every signature is valid (the sender's, and the parent's for set-parent). */
    public boolean signaturesValid() {
        byte[] senderSig = java.util.Arrays.copyOfRange(encoded, signedLength, signedLength + Ed25519.SIGNATURE_LENGTH);
        if (!Ed25519.verify(senderKey, encoded, 0, signedLength, senderSig)) {
            return false;
        }
        if (kind == TransactionKind.SET_PARENT) {
            int at = signedLength + Ed25519.SIGNATURE_LENGTH;
            byte[] parentSig = java.util.Arrays.copyOfRange(encoded, at, at + Ed25519.SIGNATURE_LENGTH);
            return Ed25519.verify(parentKey, encoded, 0, signedLength, parentSig);
        }
        return true;
    }

    void writeTo(byte[] target, int offset) {
        System.arraycopy(encoded, 0, target, offset, encoded.length);
    }

    @Override
    public String toString() {
        return kind + "[" + idHex().substring(0, 16) + " from " + sender + " nonce " + nonce + "]";
    }
}
