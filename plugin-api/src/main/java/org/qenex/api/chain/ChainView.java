package org.qenex.api.chain;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A read-only view of the node's ledger, for plugins (dashboards, metrics, notifications).
 * Provided by the chain bundle; every figure is of the main chain's head at the time of the call.
 *
 * @since 1.0.0
 */
@ProviderType
public interface ChainView {

    /** Base units in one QXC. */
    long UNITS_PER_QXC = 100_000_000L;

    /** The chain id of the genesis file, for example {@code qenex-local}. */
    String chainId();

    /**
     * Hex SHA-256 of the genesis block (height 0): with {@link #chainId()} it names the network a node
     * belongs to, and peers of another genesis are refused.
     *
     * @since 1.1.0
     */
    String genesisHash();

    /** The height of the head block (genesis is 0). */
    long height();

    /** Hex SHA-256 of the head block. */
    String headHash();

    /** Base units minted so far; always the sum of every balance. */
    long mintedUnits();

    /** The most base units that can ever exist (21,000,000 QXC unless the genesis file says less). */
    long maxSupplyUnits();

    /** Transactions waiting for a block. */
    int pendingTransactions();

    /**
     * The confirmed balance of an account, in base units (0 for an account never used).
     *
     * @throws IllegalArgumentException if {@code address} is not a valid address (its checksum
     *         catches a mistyped one)
     */
    long balanceUnits(String address);

    /**
     * The tip of the model's version chain on the main chain: the hex hash of the last model version
     * rewarded (minted), 64 zeros before any. Every node that follows the chain sees the same tip, and
     * its AI adopts it as its champion. The default is for views of a chain that mints nothing.
     *
     * @since 1.3.0
     */
    default String modelTip() {
        return "0".repeat(64);
    }
}
