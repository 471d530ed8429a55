package org.qenex.security.internal.tls;

import java.security.PrivateKey;
import java.util.Collections;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.operator.bc.BcDefaultDigestProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilderProvider;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NodeCertificateTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final SecureRandom random = new SecureRandom();

    @Test
    public void createsAnOwnerOnlyKeystoreWithARandomPasswordAndAPublicPem() throws Exception {
        Path dir = temp.getRoot().toPath().resolve("tls");
        NodeCertificate node = NodeCertificate.openOrCreate(dir, () -> List.of("node1.example"), random);

        assertTrue(node.created());
        assertEquals("rw-------", mode(dir.resolve(NodeCertificate.KEYSTORE)));
        assertEquals("rw-------", mode(dir.resolve(NodeCertificate.PASSWORD)));
        String password = Files.readString(dir.resolve(NodeCertificate.PASSWORD)).strip();
        assertEquals(node.password(), password);
        assertTrue("at least 128 random bits", password.length() >= 32);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(NodeCertificate.KEYSTORE))) {
            store.load(in, password.toCharArray());
        }
        assertTrue(store.isKeyEntry(NodeCertificate.ALIAS));
        X509Certificate pem = pem(dir.resolve(NodeCertificate.PEM));
        assertEquals(store.getCertificate(NodeCertificate.ALIAS), pem);
        assertEquals(List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "node1.example"), node.names());
        assertTrue(pem.getNotAfter().getTime() - System.currentTimeMillis() > 3000L * 24 * 3600 * 1000);
        assertTrue(pem.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"));
        pem.verify(pem.getPublicKey());
    }

    /** Pax Web opens the keystore at every start: its MAC and key take 2,048 iterations each, not the JDK's 10,000. */
    @Test
    public void theKeystoreCostsPaxWebFewIterationsAndTheJdkOpensItsKey() throws Exception {
        Path dir = temp.getRoot().toPath().resolve("tls");
        NodeCertificate node = NodeCertificate.openOrCreate(dir, List::of, random);
        byte[] bytes = Files.readAllBytes(dir.resolve(NodeCertificate.KEYSTORE));

        PKCS12PfxPdu pfx = new PKCS12PfxPdu(bytes);
        assertTrue("the MAC checks out with the password",
                pfx.isMacValid(new BcPKCS12MacCalculatorBuilderProvider(BcDefaultDigestProvider.INSTANCE), node.password().toCharArray()));
        assertEquals(NodeCertificate.PKCS12_ITERATIONS, Pfx.getInstance(bytes).getMacData().getIterationCount().intValueExact());
        assertEquals(NISTObjectIdentifiers.id_sha256, pfx.getMacAlgorithmID().getAlgorithm());
        int keys = 0;
        for (ContentInfo info : pfx.getContentInfos()) {
            for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(info).getSafeBags()) {
                if (bag.getBagValue() instanceof PKCS8EncryptedPrivateKeyInfo key) {
                    PBES2Parameters pbes2 = PBES2Parameters.getInstance(key.getEncryptionAlgorithm().getParameters());
                    PBKDF2Params kdf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
                    assertEquals(NodeCertificate.PKCS12_ITERATIONS, kdf.getIterationCount().intValueExact());
                    assertEquals(NISTObjectIdentifiers.id_aes256_CBC, pbes2.getEncryptionScheme().getAlgorithm());
                    keys++;
                }
            }
        }
        assertEquals("one encrypted key", 1, keys);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(NodeCertificate.KEYSTORE))) {
            store.load(in, node.password().toCharArray());
        }
        assertEquals(List.of(NodeCertificate.ALIAS), Collections.list(store.aliases()));
        assertTrue(store.getKey(NodeCertificate.ALIAS, node.password().toCharArray()) instanceof PrivateKey);
        assertEquals(node.certificate(), store.getCertificate(NodeCertificate.ALIAS));
        assertEquals(node.certificate().getPublicKey(),
                ((KeyStore.PrivateKeyEntry) store.getEntry(NodeCertificate.ALIAS,
                        new KeyStore.PasswordProtection(node.password().toCharArray()))).getCertificate().getPublicKey());
    }

    @Test
    public void keepsTheCertificateAcrossStartsAndTwoNodesNeverShareAPassword() throws Exception {
        Path dir = temp.getRoot().toPath().resolve("tls");
        NodeCertificate first = NodeCertificate.openOrCreate(dir, List::of, random);
        NodeCertificate again = NodeCertificate.openOrCreate(dir, () -> {
            throw new AssertionError("the host name is asked only when a certificate is made");
        }, random);

        assertFalse(again.created());
        assertEquals(first.fingerprint(), again.fingerprint());
        assertEquals(first.password(), again.password());

        NodeCertificate other = NodeCertificate.openOrCreate(temp.getRoot().toPath().resolve("other"), List::of, random);
        assertNotEquals(first.password(), other.password());
        assertNotEquals(first.fingerprint(), other.fingerprint());
    }

    @Test
    public void replacesAKeystoreItsPasswordDoesNotOpen() throws Exception {
        Path dir = temp.getRoot().toPath().resolve("tls");
        NodeCertificate first = NodeCertificate.openOrCreate(dir, List::of, random);
        Files.writeString(dir.resolve(NodeCertificate.PASSWORD), "not-the-password\n");

        NodeCertificate replaced = NodeCertificate.openOrCreate(dir, List::of, random);

        assertTrue(replaced.created());
        assertNotEquals(first.fingerprint(), replaced.fingerprint());
        assertEquals(replaced.certificate(), pem(dir.resolve(NodeCertificate.PEM)));
    }

    @Test
    public void fingerprintIsTheSha256OfTheCertificateAsOpensslPrintsIt() throws Exception {
        NodeCertificate node = NodeCertificate.openOrCreate(temp.getRoot().toPath(), List::of, random);
        String fingerprint = node.fingerprint();
        assertTrue(fingerprint, fingerprint.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"));
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(node.certificate().getEncoded());
        assertArrayEquals(digest, java.util.HexFormat.ofDelimiter(":").parseHex(fingerprint));
    }

    /** A TLS client that trusts only the PEM and checks the host name reaches a server using the keystore. */
    @Test
    public void aClientTrustingThePemCompletesAHandshakeForLocalhost() throws Exception {
        Path dir = temp.getRoot().toPath();
        NodeCertificate node = NodeCertificate.openOrCreate(dir, List::of, random);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(node.keystore())) {
            keys.load(in, node.password().toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, node.password().toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("node", pem(node.pem()));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trustManagers.getTrustManagers(), null);

        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket socket = (SSLSocket) server.accept(); OutputStream out = socket.getOutputStream()) {
                    out.write("hello".getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // connected to the loopback address, identified as "localhost": the name a client checks
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                    SSLSocket client = (SSLSocket) clientContext.getSocketFactory().createSocket(plain, "localhost", server.getLocalPort(), true)) {
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                assertEquals("hello", new String(client.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
            }
            served.get(10, TimeUnit.SECONDS);
        }
    }

    private static X509Certificate pem(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
