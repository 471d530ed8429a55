package org.qenex.ai.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.qenex.ai.internal.candidate.SignedCandidate;
import org.qenex.api.improvement.CandidateStatement;
import org.qenex.api.improvement.ContributorKeys;
import org.qenex.api.improvement.ContributorSignature;

/** A contributor with its own Ed25519 key (the JDK's), signing candidates as docs/chain-format.md says. */
public final class TestContributor {

    private final KeyPair keys;
    private final String publicKeyHex;
    private final String address;

    private TestContributor(KeyPair keys) {
        this.keys = keys;
        byte[] x509 = keys.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        this.publicKeyHex = HexFormat.of().formatHex(raw);
        this.address = CandidateStatement.addressOf(raw);
    }

    public static TestContributor create() {
        try {
            return new TestContributor(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String address() {
        return address;
    }

    public ContributorSignature signature(String parent, String candidate) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update(CandidateStatement.bytes(parent, address, candidate));
            return new ContributorSignature(address, publicKeyHex, HexFormat.of().formatHex(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code candidate} signed for {@code parent}. */
    public SignedCandidate sign(String parent, String candidate) {
        return new SignedCandidate(candidate, parent, signature(parent, candidate));
    }

    /** A node wallet {@code name} holding this contributor's key, unlocked by {@code passphrase}. */
    public ContributorKeys asWallet(String name, String passphrase) {
        TestContributor self = this;
        return new ContributorKeys() {
            @Override
            public ContributorSignature sign(String wallet, char[] given, String parent, String candidate) {
                if (!name.equals(wallet)) {
                    throw new IllegalArgumentException("no wallet named " + wallet);
                }
                if (!passphrase.equals(new String(given))) {
                    throw new SecurityException("wrong passphrase for wallet " + wallet);
                }
                return self.signature(parent, candidate);
            }

            @Override
            public Optional<ContributorSignature> signUnlocked(String contributor, String parent, String candidate) {
                return Optional.empty();
            }
        };
    }

    /** Node wallets that hold these contributors unlocked, as {@code qenex:mine start WALLET} leaves them. */
    public static ContributorKeys unlocked(TestContributor... contributors) {
        List<TestContributor> held = List.of(contributors);
        return new ContributorKeys() {
            @Override
            public ContributorSignature sign(String wallet, char[] passphrase, String parent, String candidate) {
                throw new IllegalArgumentException("no wallet named " + wallet);
            }

            @Override
            public Optional<ContributorSignature> signUnlocked(String contributor, String parent, String candidate) {
                return held.stream().filter(c -> c.address.equals(contributor)).findFirst()
                        .map(c -> c.signature(parent, candidate));
            }
        };
    }
}
