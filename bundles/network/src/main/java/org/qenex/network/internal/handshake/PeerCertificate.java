package org.qenex.network.internal.handshake;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.qenex.network.internal.OwnerOnlyFiles;

/**
 * The node's TLS certificate for the peer port: self-signed, ECDSA P-256, created at the first
 * start in {@code tls.p12} (with its random password in {@code tls.password}) in the bundle's
 * data folder. Peers do not check it against any authority: TLS gives confidentiality, the
 * handshake signature ({@link Transcript}) authenticates, and binds itself to this certificate.
 * Built with BouncyCastle's builder like the REST certificate (the JDK has no public API for it);
 * keys and keystore come from the JDK's providers.
 */
public final class PeerCertificate {

    static final String KEYSTORE = "tls.p12";
    static final String PASSWORD = "tls.password";
    static final String ALIAS = "qenex-peer";

    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private PeerCertificate(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    /** A certificate that lives in memory only (tests). */
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

    /** Opens the keystore in {@code folder}, or creates it when it is missing or unreadable. */
    public static PeerCertificate openOrCreate(Path folder, String commonName, SecureRandom random)
            throws IOException, GeneralSecurityException {
        Path keystore = folder.resolve(KEYSTORE);
        Path passwordFile = folder.resolve(PASSWORD);
        if (Files.exists(keystore) && Files.exists(passwordFile)) {
            char[] password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip().toCharArray();
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(new ByteArrayInputStream(Files.readAllBytes(keystore)), password);
                if (store.getKey(ALIAS, password) instanceof PrivateKey key
                        && store.getCertificate(ALIAS) instanceof X509Certificate certificate) {
                    return new PeerCertificate(key, certificate);
                }
            } catch (IOException | GeneralSecurityException unreadable) {
                // a broken or foreign keystore: the certificate is not an identity, replace it
            }
        }
        PeerCertificate fresh = generate(commonName, random);
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret).toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, fresh.privateKey, password, new Certificate[] {fresh.certificate});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.store(bytes, password);
        // the password first: a crash between the writes leaves a keystore that does not open, replaced next start
        OwnerOnlyFiles.writeAtomically(passwordFile, (new String(password) + "\n").getBytes(StandardCharsets.US_ASCII));
        OwnerOnlyFiles.writeAtomically(keystore, bytes.toByteArray());
        return fresh;
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
