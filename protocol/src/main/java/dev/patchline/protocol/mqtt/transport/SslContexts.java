package dev.patchline.protocol.mqtt.transport;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/** Builds Netty client {@link SslContext}s from {@link TlsOptions}, with errors that name the file at fault. */
final class SslContexts {

    private SslContexts() {}

    static SslContext forClient(TlsOptions tls) {
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
            builder.endpointIdentificationAlgorithm("HTTPS");
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

    private static void requireReadable(File file, String what) {
        if (!Files.isReadable(file.toPath())) {
            throw new IllegalArgumentException(what + " " + file + " does not exist or is not readable");
        }
    }
}
