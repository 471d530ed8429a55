package org.qenex.network.internal.handshake;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import javax.net.ssl.X509ExtendedKeyManager;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The node's TLS certificate for the peer port: self-signed, ECDSA P-256, made in memory at every
 * start; its key never touches the disk. Peers do not check it against any authority and do not
 * pin it: TLS gives confidentiality, the handshake signature ({@link Transcript}) authenticates,
 * with the node's lasting {@link NetworkKey}, and binds itself to this certificate. Built with
 * BouncyCastle's builder like the REST certificate (the JDK has no public API for it); keys come
 * from the JDK's providers.
 *
 * <p>Earlier versions kept it in {@code tls.p12} (password in {@code tls.password}): opening that
 * keystore cost three PBKDF2 derivations of 10,000 rounds at every start, on the framework's
 * start-level thread, for a key nobody pins; {@link #forgetStored} deletes those files.
 */
public final class PeerCertificate {

    static final String ALIAS = "qenex-peer";
    /** The files earlier versions kept the certificate and its key in. */
    static final List<String> STORED_FILES = List.of("tls.p12", "tls.password");

    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private PeerCertificate(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    /** A new certificate, valid from a day ago (clocks differ) for a hundred years. */
    public static PeerCertificate generate(String commonName, SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + commonName + ",O=QENEX peer");
        Instant now = Instant.now();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, random).add(BigInteger.ONE), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(36500))), subject, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new PeerCertificate(pair.getPrivate(), certificate);
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot build the peer certificate", e);
        }
    }

    /** Deletes the keystore an earlier version left in {@code folder}, if any: its key is no longer used. */
    public static void forgetStored(Path folder) throws IOException {
        for (String name : STORED_FILES) {
            Files.deleteIfExists(folder.resolve(name));
        }
    }

    /**
     * The key manager TLS takes this certificate from, for Netty's {@code SslContextBuilder}: given
     * the key itself rather than a key and certificate, Netty would put them in a PKCS12 keystore in
     * memory and take them out again (two PBKDF2 derivations of 10,000 rounds per context).
     */
    public X509ExtendedKeyManager keyManager() {
        return new SingleKeyManager(ALIAS, privateKey, certificate);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The DER encoding, as the handshake transcript hashes it. */
    public byte[] encoded() {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a certificate built or loaded here always encodes", e);
        }
    }
}
