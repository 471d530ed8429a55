package org.qenex.security.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.qenex.security.internal.OwnerOnlyFiles;

/**
 * The node's own TLS identity for port 8332: a self-signed certificate and its key in a PKCS12
 * keystore under {@code data/qenex/tls/}, created at the first start so that the REST API and the
 * web console never speak plain HTTP, not even on a freshly unpacked node.
 *
 * <ul>
 * <li>{@code node.p12}: key and certificate, alias {@value #ALIAS}, owner-only;</li>
 * <li>{@code keystore-password}: its random password (never a shipped default), owner-only;</li>
 * <li>{@code node-cert.pem}: the certificate alone, for clients ({@code curl --cacert}).</li>
 * </ul>
 *
 * The certificate is built with BouncyCastle's certificate builder (the JDK has no public API for
 * it); keys, signature and keystore come from the JDK's own providers, so no JCA provider is
 * registered in the container.
 */
public final class NodeCertificate {

    public static final String ALIAS = "qenex-node";
    static final String KEYSTORE = "node.p12";
    static final String PASSWORD = "keystore-password";
    static final String PEM = "node-cert.pem";
    static final Duration VALIDITY = Duration.ofDays(3650);
    /** Of the keystore's MAC and key encryption (see {@link #pkcs12}). */
    static final int PKCS12_ITERATIONS = 2048;

    private final Path directory;
    private final X509Certificate certificate;
    private final char[] password;
    private final boolean created;

    private NodeCertificate(Path directory, X509Certificate certificate, char[] password, boolean created) {
        this.directory = directory;
        this.certificate = certificate;
        this.password = password;
        this.created = created;
    }

    /**
     * Opens the node's keystore in {@code directory}, or creates it (with a certificate for
     * localhost, 127.0.0.1, ::1 and {@code hostNames}, asked only then: a host name lookup can be
     * slow) when it is missing or cannot be opened with its password file.
     */
    public static NodeCertificate openOrCreate(Path directory, Supplier<List<String>> hostNames, SecureRandom random)
            throws IOException, GeneralSecurityException {
        Path keystore = directory.resolve(KEYSTORE);
        Path passwordFile = directory.resolve(PASSWORD);
        if (Files.exists(keystore) && Files.exists(passwordFile)) {
            char[] password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip().toCharArray();
            X509Certificate existing = read(keystore, password);
            if (existing != null) {
                writePemIfChanged(directory.resolve(PEM), existing);
                return new NodeCertificate(directory, existing, password, false);
            }
        }
        char[] password = randomPassword(random);
        KeyPair pair = newKeyPair(random);
        X509Certificate certificate = selfSigned(pair, hostNames.get(), random);
        byte[] bytes = pkcs12(pair, certificate, password, random);
        // The password first: a crash between the two writes leaves a keystore that does not
        // open with it, which the next start replaces instead of serving nothing.
        OwnerOnlyFiles.write(passwordFile, (new String(password) + "\n").getBytes(StandardCharsets.US_ASCII));
        OwnerOnlyFiles.write(keystore, bytes);
        writePemIfChanged(directory.resolve(PEM), certificate);
        return new NodeCertificate(directory, certificate, password, true);
    }

    /**
     * The keystore, written with BouncyCastle's PKCS12 builder rather than the JDK's, whose
     * iteration counts (10,000 for the MAC, the key and the certificate each) can only be set
     * through JVM-wide properties: Pax Web opens the keystore at every start, on the thread that
     * starts Jetty, and a JFR of a restart put 14 % of the samples until the first answer in that.
     * The password is 192 random bits, which no iteration count strengthens. The key is
     * PBES2-encrypted (PBKDF2-HMAC-SHA256, AES-256-CBC), the MAC is HMAC-SHA256, each with
     * {@value #PKCS12_ITERATIONS} iterations (OpenSSL's default); the certificate bag is not
     * encrypted: the certificate is public (node-cert.pem).
     */
    static byte[] pkcs12(KeyPair pair, X509Certificate certificate, char[] password, SecureRandom random)
            throws GeneralSecurityException, IOException {
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            SubjectKeyIdentifier keyId = extensions.createSubjectKeyIdentifier(pair.getPublic());
            PKCS12SafeBagBuilder certificateBag = new JcaPKCS12SafeBagBuilder(certificate);
            certificateBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(ALIAS));
            certificateBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, keyId);
            OutputEncryptor keyEncryptor = new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
                    .setPRF(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))
                    .setIterationCount(PKCS12_ITERATIONS).setRandom(random)
                    // BouncyCastle's own AES-CBC with padding: the JDK maps the scheme's OID to NoPadding
                    .setProvider(new BouncyCastleProvider()).build(password);
            PKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(pair.getPrivate(), keyEncryptor);
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(ALIAS));
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, keyId);
            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            pfx.addData(certificateBag.build());
            pfx.addData(keyBag.build());
            PKCS12PfxPdu pdu = pfx.build(new BcPKCS12MacCalculatorBuilder(new SHA256Digest(),
                    new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE))
                    .setIterationCount(PKCS12_ITERATIONS), password);
            return pdu.getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | PKCSException e) {
            throw new GeneralSecurityException("cannot write the node keystore", e);
        }
    }

    private static X509Certificate read(Path keystore, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            Certificate certificate = store.getCertificate(ALIAS);
            if (store.isKeyEntry(ALIAS) && store.getKey(ALIAS, password) != null && certificate instanceof X509Certificate x509) {
                return x509;
            }
            return null;
        } catch (GeneralSecurityException | IOException unreadable) {
            // a wrong password surfaces as an IOException from PKCS12: start over
            return null;
        }
    }

    private static KeyPair newKeyPair(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair pair, List<String> hostNames, SecureRandom random)
            throws GeneralSecurityException, IOException {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        names.addAll(hostNames);
        X500Name subject = new X500Name("CN=" + hostNames.stream().findFirst().orElse("localhost") + ",O=QENEX node");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, random).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(pair.getPublic()));
        builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(names));
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the node certificate", e);
        }
    }

    private static GeneralNames alternativeNames(Set<String> names) {
        List<GeneralName> general = new ArrayList<>();
        for (String name : names) {
            boolean address = name.matches("[0-9.]+") || name.contains(":");
            general.add(new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        return new GeneralNames(general.toArray(new GeneralName[0]));
    }

    private static char[] randomPassword(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    private static void writePemIfChanged(Path file, X509Certificate certificate) throws IOException, GeneralSecurityException {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        if (Files.exists(file) && Files.readString(file, StandardCharsets.US_ASCII).equals(pem)) {
            return;
        }
        // public: clients read it to trust the node
        Files.createDirectories(file.getParent());
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    /** The certificate's SHA-256 fingerprint as {@code openssl x509 -fingerprint -sha256} prints it. */
    public static String fingerprint(X509Certificate certificate) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    public String fingerprint() throws GeneralSecurityException {
        return fingerprint(certificate);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The keystore's password, for the Pax Web configuration (never logged). */
    public String password() {
        return new String(password);
    }

    /** Whether this start created the keystore (the first start, or a replaced broken one). */
    public boolean created() {
        return created;
    }

    public Path keystore() {
        return directory.resolve(KEYSTORE);
    }

    public Path pem() {
        return directory.resolve(PEM);
    }

    /** The names the certificate is valid for, lower case, for the log. */
    public List<String> names() throws GeneralSecurityException {
        List<String> names = new ArrayList<>();
        if (certificate.getSubjectAlternativeNames() != null) {
            for (List<?> entry : certificate.getSubjectAlternativeNames()) {
                names.add(String.valueOf(entry.get(1)).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
