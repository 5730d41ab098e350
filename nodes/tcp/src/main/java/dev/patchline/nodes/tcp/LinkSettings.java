package dev.patchline.nodes.tcp;

import dev.patchline.nodes.tcp.net.SlowPeerPolicy;
import dev.patchline.nodes.tcp.net.TcpLinkConfig;
import dev.patchline.protocol.mqtt.transport.SslContexts;
import dev.patchline.protocol.mqtt.transport.TlsOptions;
import dev.patchline.protocol.stream.StreamFormat;
import dev.patchline.runtime.op.CookContext;
import io.netty.handler.ssl.SslContext;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The TCP/IP DAT's parameters turned into a link configuration plus what sending needs. Every invalid combination
 * is an {@link IllegalArgumentException} that names the parameter and how to fix it.
 */
record LinkSettings(TcpLinkConfig config, byte[] terminator, String inputSeparator) {

    Charset charset() {
        return config.charset();
    }

    static LinkSettings from(CookContext ctx) {
        Charset charset = charset(ctx.par(TcpipDat.ENCODING));
        StreamFormat format = format(ctx).withMaxLength(ctx.par(TcpipDat.MAX_LENGTH));
        byte[] terminator = terminator(ctx.par(TcpipDat.TERMINATOR), format);
        boolean server = ctx.par(TcpipDat.MODE) == TcpipDat.Mode.SERVER;
        String host = ctx.par(TcpipDat.ADDRESS).trim();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'address' is empty; give "
                    + (server
                            ? "the address to listen on (127.0.0.1 for this machine only, 0.0.0.0 for all)"
                            : "the server's host name or IP address"));
        }
        int port = ctx.par(TcpipDat.PORT);
        if (!server && port == 0) {
            throw new IllegalArgumentException("'port' is 0; a client needs the server's port (1-65535)");
        }
        SslContext ssl = ctx.par(TcpipDat.TLS) ? tls(ctx, server) : null;
        Duration min = seconds(ctx.par(TcpipDat.RECONNECT_MIN));
        Duration max = seconds(Math.max(ctx.par(TcpipDat.RECONNECT_MIN), ctx.par(TcpipDat.RECONNECT_MAX)));
        SlowPeerPolicy policy = ctx.par(TcpipDat.SLOW_PEER) == TcpipDat.SlowPeer.CLOSE
                ? SlowPeerPolicy.CLOSE
                : SlowPeerPolicy.DROP_OLDEST;
        TcpLinkConfig config = new TcpLinkConfig(
                server,
                host,
                port,
                format,
                charset,
                ssl,
                min,
                max,
                ctx.par(TcpipDat.WRITE_LIMIT),
                policy,
                seconds(ctx.par(TcpipDat.IDLE_TIMEOUT)),
                ctx.par(TcpipDat.MAX_PEERS));
        String separator = new String(
                Escapes.unescape(ctx.par(TcpipDat.INPUT_SEPARATOR), "inputseparator"), StandardCharsets.UTF_8);
        return new LinkSettings(config, terminator, separator);
    }

    private static StreamFormat format(CookContext ctx) {
        switch (ctx.par(TcpipDat.FORMAT)) {
            case PERBYTE:
                return StreamFormat.perByte();
            case ALL:
                return StreamFormat.all();
            case DELIMITED:
                byte[] delimiter = Escapes.unescape(ctx.par(TcpipDat.DELIMITER), "delimiter");
                if (delimiter.length == 0) {
                    throw new IllegalArgumentException(
                            "'delimiter' is empty; give the bytes that end each message," + " e.g. \\r\\n");
                }
                return StreamFormat.delimited(delimiter);
            case LENGTHPREFIXED:
                ByteOrder order = ctx.par(TcpipDat.BYTE_ORDER) == TcpipDat.ByteOrderChoice.BIG
                        ? ByteOrder.BIG_ENDIAN
                        : ByteOrder.LITTLE_ENDIAN;
                return StreamFormat.lengthPrefixed(
                        ctx.par(TcpipDat.PREFIX_BYTES).bytes(), order);
            case PERLINE:
            default:
                return StreamFormat.perLine();
        }
    }

    /** Null means "the format's default terminator". */
    private static byte[] terminator(TcpipDat.Terminator choice, StreamFormat format) {
        byte[] bytes;
        switch (choice) {
            case DEFAULT:
                return null;
            case NONE:
                return new byte[0];
            case LF:
                bytes = new byte[] {'\n'};
                break;
            case CRLF:
                bytes = new byte[] {'\r', '\n'};
                break;
            case CR:
                bytes = new byte[] {'\r'};
                break;
            default:
                bytes = new byte[] {0};
        }
        if (format.kind() == StreamFormat.Kind.LENGTH_PREFIXED) {
            throw new IllegalArgumentException(
                    "'terminator' is " + choice.name().toLowerCase()
                            + " but format 'lengthprefixed' frames messages by their length; set 'terminator' to default or"
                            + " none");
        }
        return bytes;
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("'encoding' " + name + " is not a known character set; use e.g."
                    + " UTF-8, ISO-8859-1 or US-ASCII");
        }
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }

    private static SslContext tls(CookContext ctx, boolean server) {
        Path cert = file(ctx, ctx.par(TcpipDat.TLS_CERT), "tlscert");
        Path key = file(ctx, ctx.par(TcpipDat.TLS_KEY), "tlskey");
        Path ca = file(ctx, ctx.par(TcpipDat.TLS_CA), "tlsca");
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("TLS needs 'tlscert' and 'tlskey' together; one of them is empty");
        }
        if (server && cert == null) {
            throw new IllegalArgumentException(
                    "TLS server needs a certificate: set 'tlscert' and 'tlskey' to PEM files");
        }
        try {
            if (server) {
                return SslContexts.forServer(cert, key, ca);
            }
            TlsOptions.Builder options =
                    TlsOptions.builder().caFile(ca).verifyHostName(ctx.par(TcpipDat.TLS_VERIFY_HOST));
            if (cert != null) {
                options.clientCertificate(cert, key);
            }
            return SslContexts.forClient(options.build());
        } catch (IllegalArgumentException e) {
            // Unreadable PEM files come as Netty's or the JDK's exception inside; both mean the files are wrong.
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new IllegalArgumentException("TLS setup failed: " + why + "; check that 'tlscert' is a PEM"
                    + " certificate and 'tlskey' its PKCS#8 PEM key");
        }
    }

    /** A file parameter; relative paths start at the graph file's folder. */
    private static Path file(CookContext ctx, String path, String parameter) {
        if (path == null || path.isBlank()) {
            return null;
        }
        Path f = ctx.resolvePath(path.trim());
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("'" + parameter + "' file " + f.toAbsolutePath() + " does not exist");
        }
        return f;
    }
}
