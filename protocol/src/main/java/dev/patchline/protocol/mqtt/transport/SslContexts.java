package dev.patchline.protocol.mqtt.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.NetUtil;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The one place where Patchline sets up TLS, for the MQTT transport and the TCP/IP DAT alike: client contexts from
 * {@link TlsOptions} (chain and host name verified unless told otherwise, CA file or directory, client certificate,
 * ALPN, TLS versions), server contexts from PEM files, and client handlers that always send SNI for host names.
 * Errors name the file at fault. Stateless and thread-safe.
 */
public final class SslContexts {

    private SslContexts() {}

    /**
     * A client context for {@code tls}.
     *
     * @throws IllegalArgumentException when a file is missing or unreadable, or not PEM as expected; for unusable
     *     contents the cause is Netty's or the JDK's exception
     */
    public static SslContext forClient(TlsOptions tls) {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
        if (tls.isInsecure()) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            // An empty algorithm switches host-name checks off; Netty 4.2 would otherwise default to HTTPS.
            builder.endpointIdentificationAlgorithm("");
        } else {
            if (tls.caDirectory() != null) {
                List<X509Certificate> trusted = new ArrayList<>(CaDirectory.certificates(tls.caDirectory()));
                if (tls.caFile() != null) {
                    requireReadable(tls.caFile().toFile(), "CA file");
                    trusted.addAll(CaDirectory.certificatesOf(tls.caFile()));
                }
                builder.trustManager(trusted.toArray(X509Certificate[]::new));
            } else if (tls.caFile() != null) {
                requireReadable(tls.caFile().toFile(), "CA file");
                builder.trustManager(tls.caFile().toFile());
            }
            // An empty algorithm switches host-name checks off, keeping the chain check.
            builder.endpointIdentificationAlgorithm(tls.verifiesHostName() ? "HTTPS" : "");
        }
        if (tls.certificateFile() != null) {
            requireReadable(tls.certificateFile().toFile(), "client certificate file");
            requireReadable(tls.keyFile().toFile(), "client key file");
            builder.keyManager(tls.certificateFile().toFile(), tls.keyFile().toFile(), tls.keyPassword());
        }
        if (!tls.alpnProtocols().isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    tls.alpnProtocols()));
        }
        List<String> protocols = tls.protocols();
        if (!protocols.isEmpty()) {
            builder.protocols(protocols);
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cannot set up TLS from " + tls + ": " + e.getMessage()
                            + " (CA and certificates must be PEM; keys must be PKCS#8 PEM, 'BEGIN PRIVATE KEY')",
                    e);
        }
    }

    /**
     * A server context presenting {@code certificateFile} (PEM chain) with its PKCS#8 PEM {@code keyFile}; when
     * {@code clientCaFile} is not null, clients must present a certificate signed by one of its CAs.
     *
     * @throws IllegalArgumentException when a file is missing or unreadable, or its contents are unusable (then with
     *     Netty's or the JDK's exception as the cause)
     */
    public static SslContext forServer(Path certificateFile, Path keyFile, Path clientCaFile) {
        requireReadable(certificateFile.toFile(), "server certificate file");
        requireReadable(keyFile.toFile(), "server key file");
        if (clientCaFile != null) {
            requireReadable(clientCaFile.toFile(), "client CA file");
        }
        try {
            // Netty reads the PEM files here already, so unusable contents fail inside the try as well.
            SslContextBuilder builder = SslContextBuilder.forServer(certificateFile.toFile(), keyFile.toFile())
                    .sslProvider(SslProvider.JDK);
            if (clientCaFile != null) {
                builder.trustManager(clientCaFile.toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cannot set up a TLS server from " + certificateFile + " and " + keyFile + ": " + e.getMessage()
                            + " (certificates must be PEM; keys must be PKCS#8 PEM, 'BEGIN PRIVATE KEY')",
                    e);
        }
    }

    /**
     * A client handler for a connection to {@code peerHost}, the name the certificate is checked against. SNI is sent
     * for every host name: the JDK sends it only for names with a dot, and "localhost" or a container name such as
     * "broker" need it too.
     */
    public static SslHandler newClientHandler(SslContext context, ByteBufAllocator alloc, String peerHost, int port) {
        SslHandler ssl = context.newHandler(alloc, peerHost, port);
        if (!NetUtil.isValidIpV4Address(peerHost) && !NetUtil.isValidIpV6Address(peerHost)) {
            SSLParameters parameters = ssl.engine().getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(peerHost)));
            ssl.engine().setSSLParameters(parameters);
        }
        return ssl;
    }

    private static void requireReadable(File file, String what) {
        if (!Files.isReadable(file.toPath())) {
            throw new IllegalArgumentException(what + " " + file + " does not exist or is not readable");
        }
    }
}
