package dev.patchline.protocol.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patchline.protocol.testing.TestCertificates;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the client announces in the TLS handshake (SNI, ALPN), seen from a Netty TLS server inside the test, which
 * records the requested server name and the agreed protocol and answers any bytes with a CONNACK.
 */
class TlsNegotiationTest {

    @TempDir
    Path tmp;

    private TestCertificates certificates;
    private EventLoops serverLoops;
    private Channel server;
    private final BlockingQueue<String> serverSaw = new LinkedBlockingQueue<>();
    private MqttTransport transport;

    @BeforeEach
    void startServer() throws Exception {
        certificates = TestCertificates.create(tmp);
        SslContext serverContext = SslContextBuilder.forServer(
                        certificates.serverCert().toFile(),
                        certificates.serverKey().toFile())
                .sslProvider(SslProvider.JDK)
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        "x-amzn-mqtt-ca"))
                .build();
        serverLoops = EventLoops.create(1, false, "tls-test-server");
        server = new ServerBootstrap()
                .group(serverLoops.group())
                .channel(io.netty.channel.socket.nio.NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(serverContext.newHandler(channel.alloc()), new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                                        if (event instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
                                            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                                            List<SNIServerName> names = ((ExtendedSSLSession)
                                                            ssl.engine().getSession())
                                                    .getRequestedServerNames();
                                            serverSaw.add("sni="
                                                    + (names.isEmpty()
                                                            ? "none"
                                                            : ((SNIHostName) names.get(0)).getAsciiName()));
                                            serverSaw.add("alpn=" + ssl.applicationProtocol());
                                        }
                                        ctx.fireUserEventTriggered(event);
                                    }

                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        ((ByteBuf) msg).release();
                                        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {0x20, 0x02, 0x00, 0x00}));
                                    }
                                });
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0)
                .sync()
                .channel();
    }

    @AfterEach
    void stop() throws Exception {
        if (transport != null) {
            transport.stop().get(10, TimeUnit.SECONDS);
        }
        server.close().sync();
        serverLoops.close();
    }

    private int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    private ScriptedProtocol connect(String url, TlsOptions tls, RecordingListener listener) {
        ScriptedProtocol protocol = new ScriptedProtocol("tls-negotiation");
        transport = new MqttTransport(
                TransportOptions.builder(url).tls(tls).build(), protocol, listener, EventLoops.shared());
        listener.bind(transport);
        transport.start();
        return protocol;
    }

    @Test
    void offersAlpnAndReportsTheAgreedProtocol() throws Exception {
        RecordingListener listener = new RecordingListener();
        ScriptedProtocol protocol = connect(
                "ssl://127.0.0.1:" + port(),
                TlsOptions.builder()
                        .caFile(certificates.caCert())
                        .alpnProtocols(List.of("x-amzn-mqtt-ca", "mqtt"))
                        .build(),
                listener);
        listener.await("connected");
        assertThat(protocol.events.poll(10, TimeUnit.SECONDS)).isEqualTo("CONNACK 0");
        assertThat(listener.alpn).isEqualTo("x-amzn-mqtt-ca");
        assertThat(serverSaw).contains("alpn=x-amzn-mqtt-ca");
    }

    @Test
    void trustsTheCertificatesOfACaDirectory() throws Exception {
        Path trusted = java.nio.file.Files.createDirectories(tmp.resolve("capath"));
        java.nio.file.Files.copy(certificates.otherCaCert(), trusted.resolve("a-1.pem")); // not the server's CA ...
        java.nio.file.Files.copy(certificates.caCert(), trusted.resolve("5d7e0c1a.0")); // ... but this one is
        java.nio.file.Files.writeString(trusted.resolve("README"), "CA certificates for the broker\n");
        RecordingListener listener = new RecordingListener();
        ScriptedProtocol protocol = connect(
                "ssl://127.0.0.1:" + port(),
                TlsOptions.builder().caDirectory(trusted).build(),
                listener);
        listener.await("connected");
        assertThat(protocol.events.poll(10, TimeUnit.SECONDS)).isEqualTo("CONNACK 0");
    }

    @Test
    void aCaDirectoryWithoutTheServersCaFailsTheHandshake() throws Exception {
        Path other = java.nio.file.Files.createDirectories(tmp.resolve("other"));
        java.nio.file.Files.copy(certificates.otherCaCert(), other.resolve("other.pem"));
        RecordingListener listener = new RecordingListener();
        connect(
                "ssl://127.0.0.1:" + port(),
                TlsOptions.builder().caDirectory(other).build(),
                listener);
        listener.await("disconnected");
        assertThat(listener.causes.get(0)).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void unusableCaDirectoriesAreRefusedUpFrontNamingTheFile() throws Exception {
        Path empty = java.nio.file.Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> connect(
                        "ssl://127.0.0.1:1",
                        TlsOptions.builder().caDirectory(empty).build(),
                        new RecordingListener()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no PEM certificate")
                .hasMessageContaining(empty.toString());
        Path broken = java.nio.file.Files.createDirectories(tmp.resolve("broken"));
        java.nio.file.Files.writeString(
                broken.resolve("bad.pem"),
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> connect(
                        "ssl://127.0.0.1:1",
                        TlsOptions.builder().caDirectory(broken).build(),
                        new RecordingListener()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.pem");
        assertThatThrownBy(() -> connect(
                        "ssl://127.0.0.1:1",
                        TlsOptions.builder().caDirectory(tmp.resolve("missing")).build(),
                        new RecordingListener()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void sendsNoSniForAnIpAddressButTheOverrideWhenGiven() throws Exception {
        RecordingListener plain = new RecordingListener();
        connect(
                "ssl://127.0.0.1:" + port(),
                TlsOptions.builder().caFile(certificates.caCert()).build(),
                plain);
        plain.await("connected");
        assertThat(serverSaw.poll(10, TimeUnit.SECONDS)).isEqualTo("sni=none");
        // The server records two lines per handshake; take the second too, rather than clear() racing with it.
        assertThat(serverSaw.poll(10, TimeUnit.SECONDS)).isEqualTo("alpn=null");
        transport.stop().get(10, TimeUnit.SECONDS);

        RecordingListener named = new RecordingListener();
        connect(
                "ssl://127.0.0.1:" + port(),
                TlsOptions.builder()
                        .caFile(certificates.caCert())
                        .serverName("localhost")
                        .build(),
                named);
        named.await("connected");
        assertThat(serverSaw.poll(10, TimeUnit.SECONDS)).isEqualTo("sni=localhost");
    }

    @Test
    void sendsTheUrlHostNameAsSni() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                InetAddress.getByName("localhost").isLoopbackAddress());
        RecordingListener listener = new RecordingListener();
        connect(
                "ssl://localhost:" + port(),
                TlsOptions.builder().caFile(certificates.caCert()).build(),
                listener);
        listener.await("connected");
        assertThat(serverSaw.poll(10, TimeUnit.SECONDS)).isEqualTo("sni=localhost");
        assertThat(listener.alpn).isNull();
    }

    @Test
    void withoutHostNameVerificationTheChainIsStillChecked() throws Exception {
        RecordingListener checked = new RecordingListener();
        connect(
                "ssl://127.0.0.1:" + port(),
                TlsOptions.builder()
                        .caFile(certificates.caCert())
                        .serverName("elsewhere.example")
                        .build(),
                checked);
        checked.await("disconnected");
        assertThat(checked.causes.get(0)).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        transport.stop().get(10, TimeUnit.SECONDS);

        RecordingListener unchecked = new RecordingListener();
        connect(
                "ssl://127.0.0.1:" + port(),
                TlsOptions.builder()
                        .caFile(certificates.caCert())
                        .serverName("elsewhere.example")
                        .verifyHostName(false)
                        .build(),
                unchecked);
        unchecked.await("connected");
        transport.stop().get(10, TimeUnit.SECONDS);

        RecordingListener untrusted = new RecordingListener();
        connect(
                "ssl://127.0.0.1:" + port(),
                TlsOptions.builder()
                        .caFile(certificates.otherCaCert())
                        .verifyHostName(false)
                        .build(),
                untrusted);
        untrusted.await("disconnected");
        assertThat(untrusted.causes.get(0)).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
}
