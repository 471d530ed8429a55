package org.qenex.security.internal.user;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Optional;

import org.junit.Test;

public class PasswordRulesTest {

    @Test
    public void refusesShortNameLikeMonotonousAndListedPasswords() {
        assertTrue(PasswordRules.violation("bob", "short-pass1").orElseThrow().contains("12"));
        assertTrue(PasswordRules.violation("administrator", "Administrator").isPresent());
        assertTrue(PasswordRules.violation("bobbybobbyb", "BobbyBobbyBbobbybobbyb".substring(0, 11) + "bobbybobbyb").isPresent());
        assertTrue(PasswordRules.violation("carl", "aaaaaaaaaaaaaaa").isPresent());
        assertTrue(PasswordRules.violation("carl", "Password1234").orElseThrow().contains("most guessed"));
        assertTrue(PasswordRules.violation("carl", "x".repeat(257)).isPresent());
    }

    @Test
    public void acceptsAReasonablePassword() {
        assertEquals(Optional.empty(), PasswordRules.violation("carl", "correct horse battery"));
        assertEquals(Optional.empty(), PasswordRules.violation("carl", "carl-has-a-long-one"));
    }
}
