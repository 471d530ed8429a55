package org.qenex.chain.internal.consensus;

import java.math.BigDecimal;

/** Money: integer base units, 1 QXC = 10^8 units, never more than 21,000,000 QXC in existence. */
public final class Qxc {

    public static final long UNITS_PER_QXC = 100_000_000L;
    public static final long MAX_SUPPLY_UNITS = 21_000_000L * UNITS_PER_QXC;

    private Qxc() {
    }

    /** {@code "12.5"} to 1,250,000,000 units; at most 8 decimals, not negative, at most the supply. */
    public static long parse(String qxc) {
        BigDecimal value;
        try {
            value = new BigDecimal(qxc.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an amount: " + qxc);
        }
        if (value.signum() < 0 || value.scale() > 8 && value.stripTrailingZeros().scale() > 8) {
            throw new IllegalArgumentException("an amount is positive with at most 8 decimals: " + qxc);
        }
        BigDecimal units = value.movePointRight(8);
        if (units.compareTo(BigDecimal.valueOf(MAX_SUPPLY_UNITS)) > 0) {
            throw new IllegalArgumentException("more than the maximum supply: " + qxc);
        }
        return units.longValueExact();
    }

    /** 1,250,000,000 units as {@code "12.5"}. */
    public static String format(long units) {
        return BigDecimal.valueOf(units).movePointLeft(8).stripTrailingZeros().toPlainString();
    }
}
