package dev.patchline.protocol.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
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
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for TLS tests, written as PEM files into a directory.
 *
 * <ul>
 *   <li>{@link #caCert()}: the test CA that signs everything below.</li>
 *   <li>{@link #serverCert()} / {@link #serverKey()}: valid for {@code localhost}, {@code 127.0.0.1} and {@code ::1}.</li>
 *   <li>{@link #clientCert()} / {@link #clientKey()}: a client certificate (extended key usage clientAuth).</li>
 *   <li>{@link #wrongHostCert()} / {@link #wrongHostKey()}: signed by the same CA but only for {@code wrong.example},
 *       so a client that checks the host name must refuse it.</li>
 *   <li>{@link #otherCaCert()}: a second CA that signed nothing the server presents, to check chain verification.</li>
 * </ul>
 *
 * Keys are EC P-256 (fast to generate) in unencrypted PKCS#8 PEM, the format both OpenSSL (mosquitto)
 * and Netty read. Generating a set takes well under a second; the files live as long as the directory.
 */
public final class TestCertificates {

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final X509Certificate caCertificate;
    private final KeyPair serverKeys;
    private final X509Certificate serverCertificate;
    private final KeyPair clientKeys;
    private final X509Certificate clientCertificate;

    private TestCertificates(
            Path dir,
            X509Certificate caCertificate,
            KeyPair serverKeys,
            X509Certificate serverCertificate,
            KeyPair clientKeys,
            X509Certificate clientCertificate) {
        this.dir = dir;
        this.caCertificate = caCertificate;
        this.serverKeys = serverKeys;
        this.serverCertificate = serverCertificate;
        this.clientKeys = clientKeys;
        this.clientCertificate = clientCertificate;
    }

    /** Generates a fresh CA, server, client, wrong-host and other-CA set into {@code dir} (created if needed). */
    public static TestCertificates create(Path dir) {
        try {
            Files.createDirectories(dir);
            KeyPair caKeys = newKeyPair();
            X500Name caName = new X500Name("CN=Patchline Test CA");
            X509Certificate ca = sign(caName, caKeys, caName, caKeys, CertKind.CA, null);
            writePem(dir.resolve("ca.crt"), ca);

            KeyPair serverKeys = newKeyPair();
            GeneralNames serverNames = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")
            });
            X509Certificate server =
                    sign(new X500Name("CN=localhost"), serverKeys, caName, caKeys, CertKind.SERVER, serverNames);
            writePem(dir.resolve("server.crt"), server);
            writeKey(dir.resolve("server.key"), serverKeys);

            KeyPair clientKeys = newKeyPair();
            X509Certificate client =
                    sign(new X500Name("CN=patchline-test-client"), clientKeys, caName, caKeys, CertKind.CLIENT, null);
            writePem(dir.resolve("client.crt"), client);
            writeKey(dir.resolve("client.key"), clientKeys);

            KeyPair wrongKeys = newKeyPair();
            GeneralNames wrongNames = new GeneralNames(new GeneralName(GeneralName.dNSName, "wrong.example"));
            X509Certificate wrong =
                    sign(new X500Name("CN=wrong.example"), wrongKeys, caName, caKeys, CertKind.SERVER, wrongNames);
            writePem(dir.resolve("wrong-host.crt"), wrong);
            writeKey(dir.resolve("wrong-host.key"), wrongKeys);

            KeyPair otherCaKeys = newKeyPair();
            X500Name otherCaName = new X500Name("CN=Patchline Other CA");
            writePem(
                    dir.resolve("other-ca.crt"),
                    sign(otherCaName, otherCaKeys, otherCaName, otherCaKeys, CertKind.CA, null));

            return new TestCertificates(dir, ca, serverKeys, server, clientKeys, client);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test certificates into " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate test certificates", e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path caCert() {
        return dir.resolve("ca.crt");
    }

    public Path serverCert() {
        return dir.resolve("server.crt");
    }

    public Path serverKey() {
        return dir.resolve("server.key");
    }

    public Path clientCert() {
        return dir.resolve("client.crt");
    }

    public Path clientKey() {
        return dir.resolve("client.key");
    }

    public Path wrongHostCert() {
        return dir.resolve("wrong-host.crt");
    }

    public Path wrongHostKey() {
        return dir.resolve("wrong-host.key");
    }

    public Path otherCaCert() {
        return dir.resolve("other-ca.crt");
    }

    /**
     * Writes the server key and certificate chain as a PKCS#12 key store (for servers configured with a
     * key store, such as HiveMQ) and returns its path. Store and key share {@code password}.
     */
    public Path serverKeyStore(String password) {
        Path file = dir.resolve("server.p12");
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", serverKeys.getPrivate(), password.toCharArray(), new Certificate[] {
                serverCertificate, caCertificate
            });
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a PKCS#12 key store", e);
        }
    }

    /**
     * A JSSE client context trusting only the test CA, optionally presenting the client certificate.
     * Host-name checking is up to the caller (set the endpoint identification algorithm on the socket).
     */
    public SSLContext clientSslContext(boolean presentClientCertificate) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", caCertificate);
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManager[] keyManagers = null;
            if (presentClientCertificate) {
                char[] password = "patchline".toCharArray();
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry(
                        "client", clientKeys.getPrivate(), password, new Certificate[] {clientCertificate, caCertificate
                        });
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(keys, password);
                keyManagers = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers.getTrustManagers(), RANDOM);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a client SSLContext from the test certificates", e);
        }
    }

    private enum CertKind {
        CA,
        SERVER,
        CLIENT
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(
            X500Name subject,
            KeyPair subjectKeys,
            X500Name issuer,
            KeyPair issuerKeys,
            CertKind kind,
            GeneralNames altNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        // Back-date a little so that a clock a few seconds off between "now" here and the TLS peer does not matter.
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                subject,
                subjectKeys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(
                Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
        builder.addExtension(
                Extension.authorityKeyIdentifier,
                false,
                extensions.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
        switch (kind) {
            case CA -> {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            case SERVER -> {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(
                        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            }
            case CLIENT -> {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(
                        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
        }
        if (altNames != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, altNames);
        }
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static void writePem(Path file, Object object) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        }
    }

    private static void writeKey(Path file, KeyPair keys) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            // PKCS#8 ("BEGIN PRIVATE KEY") rather than the OpenSSL-traditional EC form: Netty reads only PKCS#8.
            pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
        }
    }
}
