package org.qenex.itests;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A peer that speaks docs/network.md with the JDK alone (TLS 1.3, Ed25519, SHA-256) and then
 * misbehaves: it completes the documented handshake and sends what a hostile or broken peer would.
 * Its TLS certificate comes from {@code keytool}, its network key from {@code KeyPairGenerator}.
 */
final class HostilePeer implements AutoCloseable {

    private final SSLSocket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final KeyPair key;
    private final byte[] certificate;
    private long nodeHeight;

    /** A network key for {@link #HostilePeer(Path, String, int, KeyPair)}: one identity over several connections. */
    static KeyPair newKey() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /** Connects from {@code localAddress} with a network key of its own. */
    HostilePeer(Path workDir, String localAddress, int port) throws Exception {
        this(workDir, localAddress, port, newKey());
    }

    /** Connects from {@code localAddress} proving {@code key} in the handshake (the same peer as before, if reused). */
    HostilePeer(Path workDir, String localAddress, int port, KeyPair key) throws Exception {
        this.key = key;
        Path store = workDir.resolve("hostile-peer.p12");
        if (!Files.exists(store)) {
            keytool(store);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream file = Files.newInputStream(store)) {
            keys.load(file, "hostile".toCharArray());
        }
        certificate = keys.getCertificate("peer").getEncoded();
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "hostile".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        // the document: certificates are not checked against an authority; the handshake signature authenticates
        tls.init(managers.getKeyManagers(), new TrustManager[] {new AnyCertificate()}, new SecureRandom());
        socket = (SSLSocket) tls.getSocketFactory().createSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        socket.setSoTimeout(15_000);
        socket.setEnabledProtocols(new String[] {"TLSv1.3"});
        socket.startHandshake();
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /**
     * The documented handshake: reads the node's HELLO, answers its own (same chain id and genesis,
     * height 0), signs the transcript, and reads the node's AUTH.
     */
    void handshake() throws Exception {
        byte[] theirs = readPayload();
        if (theirs[0] != 0x01) {
            throw new IOException("the node's first frame is type " + theirs[0] + ", not HELLO");
        }
        DataInputStream hello = new DataInputStream(new java.io.ByteArrayInputStream(theirs, 1 + 2 + 32 + 32, theirs.length));
        byte[] chainId = hello.readNBytes(hello.readUnsignedByte());
        byte[] genesis = hello.readNBytes(32);
        nodeHeight = hello.readLong();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream mine = new DataOutputStream(bytes);
        mine.writeByte(0x01);
        mine.writeShort(1);
        byte[] encoded = key.getPublic().getEncoded();
        mine.write(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        mine.write(nonce);
        mine.writeByte(chainId.length);
        mine.write(chainId);
        mine.write(genesis);
        mine.writeLong(0);
        mine.write(new byte[32]);
        mine.writeShort(0);
        byte[] agent = "hostile-itest/1".getBytes(StandardCharsets.UTF_8);
        mine.writeByte(agent.length);
        mine.write(agent);
        byte[] ownHello = bytes.toByteArray();
        sendFrame(ownHello);

        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        transcript.write("QENEX-P2P-HANDSHAKE-1".getBytes(StandardCharsets.US_ASCII));
        for (byte[] part : List.of(ownHello, theirs, certificate, socket.getSession().getPeerCertificates()[0].getEncoded())) {
            transcript.write(sha.digest(part));
        }
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(transcript.toByteArray());
        byte[] auth = new byte[65];
        auth[0] = 0x02;
        System.arraycopy(signer.sign(), 0, auth, 1, 64);
        sendFrame(auth);
        byte[] answer = readPayload();
        if (answer[0] != 0x02) {
            throw new IOException("the node answered type " + answer[0] + " instead of AUTH"
                    + (answer[0] == 0x03 ? ": REJECT reason " + answer[1] : ""));
        }
    }

    /** Its network key as the node shows it: 64 hex digits. */
    String keyHex() {
        return keyHex(key);
    }

    static String keyHex(KeyPair key) {
        byte[] encoded = key.getPublic().getEncoded();
        return java.util.HexFormat.of().formatHex(encoded, encoded.length - 32, encoded.length);
    }

    /**
     * Announces a block on top of the node's head (INV: kind 2, a hash, the next height), waits
     * for the node's GET_DATA and answers with a BLOCK whose bytes are no block at all.
     */
    void sendInvalidBlock() throws Exception {
        byte[] hash = new byte[32];
        new SecureRandom().nextBytes(hash);
        ByteArrayOutputStream inv = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(inv);
        out.writeByte(0x20);
        out.writeShort(1);
        out.writeByte(2);
        out.write(hash);
        out.writeLong(nodeHeight + 1);
        sendFrame(inv.toByteArray());
        while (true) {
            byte[] frame = readPayload();
            if (frame[0] == 0x21) {
                break;
            }
        }
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0x24);
        block.write(hash);
        block.write("not a block".getBytes(StandardCharsets.US_ASCII));
        sendFrame(block.toByteArray());
    }

    void sendFrame(byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /** A length prefix alone, announcing {@code length} bytes: the node must refuse it before reading or allocating. */
    void announce(long length) throws IOException {
        out.writeInt((int) length);
        out.flush();
    }

    /** Whether the node closed the connection within the socket timeout (whatever it sent before). */
    boolean closedByNode() {
        try {
            while (true) {
                readPayload();
            }
        } catch (EOFException | javax.net.ssl.SSLException closed) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private byte[] readPayload() throws IOException {
        int length = in.readInt();
        if (length < 1 || length > 4 * 1024 * 1024) {
            throw new IOException("implausible frame length " + length);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static void keytool(Path store) throws Exception {
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "peer", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=hostile",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "hostile",
                "-keypass", "hostile").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            keytool.destroyForcibly();
            throw new IOException("keytool could not make the hostile peer's certificate");
        }
    }

    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // a client trust manager is never asked here
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // docs/network.md: the handshake signature, over this certificate's hash, authenticates the node
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
