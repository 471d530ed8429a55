package org.qenex.network.internal.peer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.qenex.network.internal.handshake.PeerCertificate;

/**
 * A peer written from docs/network.md alone, with the JDK's TLS and BouncyCastle's Ed25519: none
 * of the bundle's codec, framing or handshake classes. If the bundle drifts from the document,
 * the tests that use this fail. (Only the test certificate comes from the bundle: any self-signed
 * certificate does.)
 */
final class RawPeer implements AutoCloseable {

    /** What the server's HELLO said, parsed by the document's table. */
    record Hello(byte[] payload, int version, byte[] nodeKey, String chainId, byte[] genesis, long height) {
    }

    /** A frame: its type byte and the rest. */
    record Frame(int type, byte[] body) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(random);
    private final SSLSocket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final byte[] ownCertificate;

    RawPeer(int port) throws Exception {
        this(port, "127.0.0.1");
    }

    /** From {@code localAddress} (another loopback address, 127.0.0.2, so its score and bans are its own). */
    RawPeer(int port, String localAddress) throws Exception {
        PeerCertificate certificate = PeerCertificate.generate("raw", random);
        ownCertificate = certificate.certificate().getEncoded();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("k", certificate.privateKey(), new char[0], new Certificate[] {certificate.certificate()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(keys.getKeyManagers(), new TrustManager[] {new TrustAll()}, random);
        socket = (SSLSocket) tls.getSocketFactory().createSocket(java.net.InetAddress.getByName("127.0.0.1"), port,
                java.net.InetAddress.getByName(localAddress), 0);
        socket.setEnabledProtocols(new String[] {"TLSv1.3"});
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    byte[] publicKey() {
        return key.generatePublicKey().getEncoded();
    }

    /** Its network key as the node shows it (64 hex digits): what its scores and bans are about after the handshake. */
    String keyHex() {
        return java.util.HexFormat.of().formatHex(publicKey());
    }

    /** Its address as the node sees it, {@code ip:port}: what its scores and bans are about before the handshake. */
    String address() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /** The HELLO payload of the document's table. */
    byte[] hello(String chainId, byte[] genesis, long height) throws IOException {
        return helloAs(this, chainId, genesis, height);
    }

    /** A HELLO that claims {@code owner}'s key (only a claim: this peer cannot sign its AUTH). */
    byte[] helloAs(RawPeer owner, String chainId, byte[] genesis, long height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream p = new DataOutputStream(bytes);
        p.writeByte(0x01);
        p.writeShort(1);
        p.write(owner.publicKey());
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        p.write(nonce);
        byte[] chain = chainId.getBytes(StandardCharsets.US_ASCII);
        p.writeByte(chain.length);
        p.write(chain);
        p.write(genesis);
        p.writeLong(height);
        p.write(new byte[32]);
        p.writeShort(0);
        byte[] agent = "raw-test/1".getBytes(StandardCharsets.UTF_8);
        p.writeByte(agent.length);
        p.write(agent);
        return bytes.toByteArray();
    }

    void sendFrame(byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /** Writes only a length prefix, as a hostile peer announcing a huge frame would. */
    void sendLengthOnly(long length) throws IOException {
        out.writeInt((int) length);
        out.flush();
    }

    byte[] readPayload() throws IOException {
        int length = in.readInt();
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }

    Frame readFrame() throws IOException {
        byte[] payload = readPayload();
        byte[] body = new byte[payload.length - 1];
        System.arraycopy(payload, 1, body, 0, body.length);
        return new Frame(payload[0] & 0xff, body);
    }

    /** Reads frames until one of {@code type} arrives (others, such as GET_ADDR, are skipped). */
    Frame readUntil(int type) throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame.type() == type) {
                return frame;
            }
        }
    }

    /** A payload of the document's layout: the type byte, then the parts in order. */
    static byte[] payload(int type, byte[]... parts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(type);
        for (byte[] part : parts) {
            bytes.write(part);
        }
        return bytes.toByteArray();
    }

    static byte[] u8(int v) {
        return new byte[] {(byte) v};
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    static byte[] u64(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }

    static Hello parseHello(byte[] payload) throws IOException {
        DataInputStream p = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        if (p.readUnsignedByte() != 0x01) {
            throw new IOException("not a HELLO");
        }
        int version = p.readUnsignedShort();
        byte[] nodeKey = p.readNBytes(32);
        p.readNBytes(32);
        String chainId = new String(p.readNBytes(p.readUnsignedByte()), StandardCharsets.US_ASCII);
        byte[] genesis = p.readNBytes(32);
        long height = p.readLong();
        p.readNBytes(32);
        p.readUnsignedShort();
        p.readNBytes(p.readUnsignedByte());
        if (p.available() != 0) {
            throw new IOException("bytes after the HELLO");
        }
        return new Hello(payload, version, nodeKey, chainId, genesis, height);
    }

    /** The document's transcript: domain, then SHA-256 of signer HELLO, other HELLO, signer cert, other cert. */
    static byte[] transcript(byte[] signerHello, byte[] otherHello, byte[] signerCert, byte[] otherCert) throws Exception {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        t.write("QENEX-P2P-HANDSHAKE-1".getBytes(StandardCharsets.US_ASCII));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (byte[] part : new byte[][] {signerHello, otherHello, signerCert, otherCert}) {
            t.write(sha.digest(part));
        }
        return t.toByteArray();
    }

    /** Runs the whole documented handshake on chain {@code chainId}; returns the node's HELLO. */
    Hello handshake(String chainId) throws Exception {
        return handshake(chainId, 0);
    }

    /** The handshake, announcing a head at {@code height}. */
    Hello handshake(String chainId, long height) throws Exception {
        Hello server = parseHello(readPayload());
        byte[] hello = hello(chainId, server.genesis(), height);
        sendFrame(hello);
        byte[] auth = new byte[65];
        auth[0] = 0x02;
        System.arraycopy(sign(transcript(hello, server.payload(), ownCertificate, serverCertificate())), 0, auth, 1, 64);
        sendFrame(auth);
        Frame answer = readFrame();
        if (answer.type() != 0x02 || !verify(server.nodeKey(),
                transcript(server.payload(), hello, serverCertificate(), ownCertificate), answer.body())) {
            throw new IOException("no valid AUTH from the node: type " + answer.type());
        }
        return server;
    }

    byte[] ownCertificate() {
        return ownCertificate;
    }

    byte[] serverCertificate() throws Exception {
        return socket.getSession().getPeerCertificates()[0].getEncoded();
    }

    byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /** Whether the server closed the connection (end of stream or reset) within the socket timeout. */
    boolean closedByServer() {
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

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // the handshake signature authenticates, as the document says
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // the handshake signature authenticates, as the document says
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** A plain socket for bytes that are not even TLS. */
    static Socket plain(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }
}
