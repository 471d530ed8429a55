package org.qenex.network.internal.handshake;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * One key and its certificate for TLS, under one alias, offered for the key type it has: what the
 * JDK's key manager would give from a keystore holding only them, without the keystore.
 */
final class SingleKeyManager extends X509ExtendedKeyManager {

    private final String alias;
    private final PrivateKey key;
    private final X509Certificate certificate;

    SingleKeyManager(String alias, PrivateKey key, X509Certificate certificate) {
        this.alias = alias;
        this.key = key;
        this.certificate = certificate;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliasesFor(keyType);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return chooseFor(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseFor(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return aliasesFor(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return chooseFor(new String[] {keyType});
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return chooseFor(new String[] {keyType});
    }

    @Override
    public X509Certificate[] getCertificateChain(String requested) {
        return alias.equals(requested) ? new X509Certificate[] {certificate} : null;
    }

    @Override
    public PrivateKey getPrivateKey(String requested) {
        return alias.equals(requested) ? key : null;
    }

    private String[] aliasesFor(String keyType) {
        return key.getAlgorithm().equals(keyType) ? new String[] {alias} : null;
    }

    private String chooseFor(String[] keyTypes) {
        if (keyTypes != null) {
            for (String keyType : keyTypes) {
                if (key.getAlgorithm().equals(keyType)) {
                    return alias;
                }
            }
        }
        return null;
    }
}
