package org.qenex.itests;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One HTTP/1.1 connection over a plain socket, for what {@code java.net.http} cannot do: send
 * from a chosen local address (127.0.0.2, ... so throttling per client address can be tested
 * without locking out the test's own 127.0.0.1) and send a body as slowly as an attacker would.
 * Works for http and https (the test trusts any certificate: it checks throttling, not TLS).
 */
final class RawHttp implements Closeable {

    /** A response: status, headers (lower-case names) and body. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    private final Socket socket;
    private final String host;

    private RawHttp(Socket socket, String host) {
        this.socket = socket;
        this.host = host;
    }

    static RawHttp open(String baseUrl, String localAddress) throws IOException {
        URI uri = URI.create(baseUrl);
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        plain.connect(new InetSocketAddress("127.0.0.1", uri.getPort()), 10_000);
        plain.setSoTimeout(30_000);
        if (!"https".equals(uri.getScheme())) {
            return new RawHttp(plain, uri.getHost() + ":" + uri.getPort());
        }
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new TrustAll()}, null);
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, uri.getHost(), uri.getPort(), true);
            secure.startHandshake();
            return new RawHttp(secure, uri.getHost() + ":" + uri.getPort());
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** Sends a whole request and reads the response. */
    static Response exchange(String baseUrl, String localAddress, String method, String path, String authorization,
            String body) throws IOException {
        try (RawHttp http = open(baseUrl, localAddress)) {
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            http.write(http.head(method, path, authorization, bytes.length));
            http.write(bytes);
            return http.read();
        }
    }

    /** The request line and headers, for a body of {@code length} bytes sent separately. */
    byte[] head(String method, String path, String authorization, int length) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(length).append("\r\n")
                .append("Connection: close\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    void write(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    Response read() throws IOException {
        InputStream in = socket.getInputStream();
        String status = line(in);
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        String length = headers.get("content-length");
        byte[] body = length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
        return new Response(Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // test client only
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // test client only: this class tests throttling, not certificates
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
