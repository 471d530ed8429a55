package org.qenex.network.internal.handshake;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import javax.net.ssl.X509ExtendedKeyManager;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PeerCertificateTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final SecureRandom random = new SecureRandom();

    @Test
    public void eachStartHasItsOwnSelfSignedP256Certificate() throws Exception {
        PeerCertificate first = PeerCertificate.generate("qx-node", random);
        PeerCertificate second = PeerCertificate.generate("qx-node", random);

        X509Certificate certificate = first.certificate();
        certificate.verify(certificate.getPublicKey());
        certificate.checkValidity();
        assertEquals("EC", certificate.getPublicKey().getAlgorithm());
        assertTrue(certificate.getSubjectX500Principal().getName(), certificate.getSubjectX500Principal().getName().contains("CN=qx-node"));
        assertFalse("a new key each time", Arrays.equals(first.encoded(), second.encoded()));
    }

    @Test
    public void theKeyManagerOffersTheKeyForItsOwnTypeOnly() throws Exception {
        PeerCertificate peer = PeerCertificate.generate("qx-node", random);
        X509ExtendedKeyManager keys = peer.keyManager();

        String alias = keys.chooseEngineServerAlias("EC", null, null);
        assertEquals(PeerCertificate.ALIAS, alias);
        assertEquals(alias, keys.chooseEngineClientAlias(new String[] {"RSA", "EC"}, null, null));
        assertNull("no RSA key to offer", keys.chooseEngineServerAlias("RSA", null, null));
        assertNull(keys.chooseClientAlias(new String[] {"RSASSA-PSS"}, null, null));
        assertArrayEquals(new String[] {alias}, keys.getServerAliases("EC", null));
        assertNull(keys.getClientAliases("RSA", null));
        assertNull(keys.getPrivateKey("another"));
        assertNull(keys.getCertificateChain("another"));

        assertArrayEquals(new X509Certificate[] {peer.certificate()}, keys.getCertificateChain(alias));
        // the key it gives is the certificate's: it signs what the certificate's key verifies
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivateKey(alias));
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(peer.certificate().getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signature));
    }

    @Test
    public void anEarlierVersionsStoredKeystoreIsDeletedAndNothingElse() throws Exception {
        Path folder = temp.getRoot().toPath();
        for (String name : PeerCertificate.STORED_FILES) {
            Files.writeString(folder.resolve(name), "old");
        }
        Files.writeString(folder.resolve(NetworkKey.FILE), "identity");

        PeerCertificate.forgetStored(folder);
        PeerCertificate.forgetStored(folder); // nothing left to delete: no error

        for (String name : PeerCertificate.STORED_FILES) {
            assertFalse(name, Files.exists(folder.resolve(name)));
        }
        assertEquals("identity", Files.readString(folder.resolve(NetworkKey.FILE)));
    }
}
