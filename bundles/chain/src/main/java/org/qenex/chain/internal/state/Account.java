package org.qenex.chain.internal.state;

import java.nio.ByteBuffer;

import org.qenex.chain.internal.crypto.AccountId;

/**
 * What the ledger knows about one account. An account with a zero balance, nonce 0 and no parent
 * is {@link #EMPTY} and is not stored: the state is the same whatever history led to it.
 *
 * @param balance units held
 * @param nonce how many transactions the account has sent (the next one must carry this nonce)
 * @param parent the parent account, or {@code null}
 */
public record Account(long balance, long nonce, AccountId parent) {

    public static final Account EMPTY = new Account(0, 0, null);

    public Account {
        if (balance < 0 || nonce < 0) {
            throw new IllegalArgumentException("balance and nonce are never negative");
        }
    }

    public boolean isEmpty() {
        return balance == 0 && nonce == 0 && parent == null;
    }

    public Account withBalance(long newBalance) {
        return new Account(newBalance, nonce, parent);
    }

    public Account credit(long units) {
        return withBalance(Math.addExact(balance, units));
    }

    /** The record's bytes: balance (u64) | nonce (u64) | 0x00, or 0x01 and the parent id (20). */
    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(17 + (parent == null ? 0 : AccountId.LENGTH));
        out.putLong(balance).putLong(nonce).put((byte) (parent == null ? 0 : 1));
        if (parent != null) {
            out.put(parent.bytes());
        }
        return out.array();
    }

    public static Account decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long balance = in.getLong();
        long nonce = in.getLong();
        AccountId parent = null;
        if (in.get() == 1) {
            byte[] p = new byte[AccountId.LENGTH];
            in.get(p);
            parent = AccountId.of(p);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes in an account record");
        }
        return new Account(balance, nonce, parent);
    }

    /** The account's leaf in the {@link AccountTree}: SHA-256(0x00 || SHA-256(id) || record). */
    public byte[] leafHash(AccountId id) {
        return AccountTree.leafHash(AccountTree.key(id), encode());
    }
}
