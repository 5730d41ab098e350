package dev.patchline.protocol.mqtt.transport;

import java.nio.file.Path;
import java.util.List;

/**
 * TLS settings for {@code ssl://}, {@code mqtts://} and {@code wss://}.
 *
 * <p>Secure by default: the server's chain is verified against the JDK trust store (or {@link Builder#caFile}) and its
 * certificate must name the host (endpoint identification "HTTPS": DNS or IP subject alternative names). Only
 * {@link Builder#insecure(boolean)} turns both checks off, and it says so in its name;
 * {@link Builder#verifyHostName(boolean)} turns off only the second.
 *
 * <p>SNI is sent for host names automatically; {@link Builder#serverName} overrides it (for example when connecting to an IP
 * address behind a name-routing proxy) and then also becomes the name the certificate is checked against. ALPN
 * protocols are offered when set, e.g. {@code x-amzn-mqtt-ca} for AWS IoT on port 443.
 *
 * <p>Immutable and thread-safe.
 */
public final class TlsOptions {

    private static final TlsOptions DEFAULTS = builder().build();

    private final Path caFile;
    private final Path caDirectory;
    private final Path certificateFile;
    private final Path keyFile;
    private final String keyPassword;
    private final boolean insecure;
    private final boolean verifyHostName;
    private final String serverName;
    private final List<String> alpnProtocols;
    private final List<String> protocols;

    private TlsOptions(Builder b) {
        this.caFile = b.caFile;
        this.caDirectory = b.caDirectory;
        this.certificateFile = b.certificateFile;
        this.keyFile = b.keyFile;
        this.keyPassword = b.keyPassword;
        this.insecure = b.insecure;
        this.verifyHostName = b.verifyHostName;
        this.serverName = b.serverName;
        this.alpnProtocols = List.copyOf(b.alpnProtocols);
        this.protocols = List.copyOf(b.protocols);
    }

    /** JDK trust store, host-name verification, no client certificate. */
    public static TlsOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path caFile() {
        return caFile;
    }

    /** Directory whose PEM certificate files are trusted (with {@link #caFile()}, if both are set), or null. */
    public Path caDirectory() {
        return caDirectory;
    }

    public Path certificateFile() {
        return certificateFile;
    }

    public Path keyFile() {
        return keyFile;
    }

    public String keyPassword() {
        return keyPassword;
    }

    public boolean isInsecure() {
        return insecure;
    }

    /** Whether the server's certificate must name the host; false also when {@link #isInsecure()}. */
    public boolean verifiesHostName() {
        return verifyHostName && !insecure;
    }

    /** SNI override; null means "the URL's host when it is a name". */
    public String serverName() {
        return serverName;
    }

    public List<String> alpnProtocols() {
        return alpnProtocols;
    }

    /** Enabled TLS versions; empty means the JDK's defaults (TLS 1.3 and 1.2). */
    public List<String> protocols() {
        return protocols;
    }

    @Override
    public String toString() {
        return "TlsOptions[ca=" + caFile + (caDirectory == null ? "" : ", capath=" + caDirectory) + ", cert="
                + certificateFile + ", insecure=" + insecure
                + (verifyHostName ? "" : ", verifyHostName=false") + ", sni=" + serverName + ", alpn=" + alpnProtocols
                + "]";
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private Path caFile;
        private Path caDirectory;
        private Path certificateFile;
        private Path keyFile;
        private String keyPassword;
        private boolean insecure;
        private boolean verifyHostName = true;
        private String serverName;
        private List<String> alpnProtocols = List.of();
        private List<String> protocols = List.of();

        private Builder() {}

        /** PEM file with the CA certificate(s) to trust instead of the JDK trust store. */
        public Builder caFile(Path caFile) {
            this.caFile = caFile;
            return this;
        }

        /**
         * A directory of CA certificates to trust instead of the JDK trust store, as mosquitto's {@code --capath}: every
         * file in it holding PEM certificates counts (such as OpenSSL's hashed {@code 1a2b3c4d.0} names or
         * {@code *.pem}/{@code *.crt}); other files are ignored. Combines with {@link #caFile}.
         */
        public Builder caDirectory(Path caDirectory) {
            this.caDirectory = caDirectory;
            return this;
        }

        /** Client certificate chain (PEM) and its PKCS#8 PEM private key, for brokers that demand one. */
        public Builder clientCertificate(Path certificateFile, Path keyFile) {
            this.certificateFile = certificateFile;
            this.keyFile = keyFile;
            return this;
        }

        /** Password of an encrypted PKCS#8 key; null for an unencrypted key. */
        public Builder keyPassword(String keyPassword) {
            this.keyPassword = keyPassword;
            return this;
        }

        /**
         * Accepts any certificate for any host. Only for development against self-signed brokers: anybody on the path
         * can read and alter the traffic.
         */
        public Builder insecure(boolean insecure) {
            this.insecure = insecure;
            return this;
        }

        /**
         * Whether the server's certificate must name the host (default true). False still verifies the chain; only for
         * tests and for servers reached by an address their certificate does not list.
         */
        public Builder verifyHostName(boolean verifyHostName) {
            this.verifyHostName = verifyHostName;
            return this;
        }

        /** SNI host name to send (and to verify the certificate against) instead of the URL host. */
        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        /** ALPN protocol names to offer, in order of preference. */
        public Builder alpnProtocols(List<String> alpnProtocols) {
            this.alpnProtocols = List.copyOf(alpnProtocols);
            return this;
        }

        /** TLS versions to enable, e.g. {@code List.of("TLSv1.3")}. */
        public Builder protocols(List<String> protocols) {
            this.protocols = List.copyOf(protocols);
            return this;
        }

        public TlsOptions build() {
            if ((certificateFile == null) != (keyFile == null)) {
                throw new IllegalArgumentException(
                        "a client certificate needs both files: certificate " + certificateFile + ", key " + keyFile);
            }
            return new TlsOptions(this);
        }
    }
}
