package dev.patchline.studio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The studio's security model: token, cookie, bearer, Host, Origin, CSP, path normalisation, the hello deadline. */
class StudioSecurityTest {
    static Patch patch;
    static StudioServer studio;
    static String token;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        PatchOptions options = PatchOptions.builder()
                .registry(StudioProtocolTest.REGISTRY)
                .name("studio-security")
                .watchAll()
                .build();
        patch = Patch.start(StudioProtocolTest.graph(), options);
        studio = StudioServer.start(patch, StudioOptions.of(options, null));
        token = StudioClient.token(studio);
    }

    @AfterAll
    static void stop() {
        studio.close();
        patch.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + studio.port() + path));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theUrlIsLoopbackWithA128BitToken() {
        assertThat(studio.url()).matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[0-9a-f]{32}");
    }

    @Test
    void thePageNeedsTheTokenAndSetsAnAssetCookieThatIsNotTheToken() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(401);
        assertThat(get("/?token=0123456789abcdef0123456789abcdef").statusCode()).isEqualTo(401);
        assertThat(get("/assets/app.js").statusCode()).isEqualTo(401);

        HttpResponse<String> page = get("/?token=" + token);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("studio test page").doesNotContain(token);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp)
                .startsWith("default-src 'self'")
                .contains("connect-src 'self'")
                .contains("frame-ancestors 'none'");
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain(token);

        String pair = cookie.substring(0, cookie.indexOf(';'));
        HttpResponse<String> asset = get("/assets/app.js", "Cookie", pair);
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(get("/", "Cookie", pair).statusCode())
                .as("a reload without the token")
                .isEqualTo(200);
        assertThat(get("/assets/app.js", "Cookie", "patchline_studio=" + token).statusCode())
                .as("the token is not the asset key")
                .isEqualTo(401);
        assertThat(get("/assets/missing.js", "Cookie", pair).statusCode()).isEqualTo(404);
    }

    @Test
    void theApiNeedsTheBearerTokenAndAnAcceptableOrigin() throws Exception {
        assertThat(get("/api/snapshot").statusCode()).isEqualTo(401);
        assertThat(get("/api/snapshot", "Authorization", "Bearer wrong").statusCode())
                .isEqualTo(401);
        HttpResponse<String> ok = get("/api/snapshot", "Authorization", "Bearer " + token);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"type\":\"snapshot\"").doesNotContain(token);
        assertThat(get("/api/snapshot", "Authorization", "Bearer " + token, "Origin", "http://evil.example")
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void aForeignHostIsRefusedAgainstDnsRebinding() throws Exception {
        RawHttp.Response r = RawHttp.get(studio.port(), "/?token=" + token, "Host: evil.example:" + studio.port());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).doesNotContain(token);
        assertThat(RawHttp.get(studio.port(), "/?token=" + token, "Host: localhost:" + studio.port())
                        .status())
                .isEqualTo(200);
        assertThat(RawHttp.get(studio.port(), "/?token=" + token, "Host: 127.0.0.1:1")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void assetPathsLeavingTheFolderAreNotServed() throws Exception {
        String cookie =
                get("/?token=" + token).headers().firstValue("Set-Cookie").orElseThrow();
        String pair = "Cookie: " + cookie.substring(0, cookie.indexOf(';'));
        assertThat(RawHttp.get(studio.port(), "/assets/app.js", pair).status()).isEqualTo(200);
        for (String path : new String[] {
            "/../web/index.html",
            "/assets/../../StudioServer.class",
            "/assets/%2e%2e/index.html",
            "/assets//app.js",
            "/./index.html",
            "/..\\index.html"
        }) {
            assertThat(RawHttp.get(studio.port(), path, pair).status()).as(path).isEqualTo(404);
        }
        assertThat(StaticAssets.normalise("/a/../b")).isNull();
        assertThat(StaticAssets.normalise("/assets/app.js")).isEqualTo("assets/app.js");
    }

    @Test
    void aWebSocketWithAForeignOrNullOriginIsRefused() {
        for (String origin : new String[] {"http://evil.example", "null", "http://127.0.0.1:1"}) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class, () -> StudioClient.open(studio.port(), origin));
            assertThat(e.getCause()).as(origin).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) e.getCause())
                            .getResponse()
                            .statusCode())
                    .as(origin)
                    .isEqualTo(403);
        }
    }

    @Test
    void theStudiosOwnOriginAndNoOriginAreAccepted() throws Exception {
        for (String origin :
                new String[] {"http://127.0.0.1:" + studio.port(), "http://localhost:" + studio.port(), null}) {
            try (StudioClient c = StudioClient.open(studio.port(), origin)) {
                c.send("{\"type\":\"hello\",\"proto\":1,\"token\":\"" + token + "\"}");
                c.await("snapshot");
            }
        }
    }

    @Test
    void aWrongTokenOrAnotherFirstMessageClosesWith4401() throws Exception {
        try (StudioClient c = StudioClient.open(studio.port(), null)) {
            c.send("{\"type\":\"hello\",\"proto\":1,\"token\":\"0123456789abcdef0123456789abcdef\"}");
            assertThat(c.awaitClose()).isEqualTo(4401);
            assertThat(c.received).isEmpty();
        }
        try (StudioClient c = StudioClient.open(studio.port(), null)) {
            c.send("{\"type\":\"watch\",\"id\":\"feed\"}");
            assertThat(c.awaitClose()).isEqualTo(4401);
            assertThat(c.received).isEmpty();
        }
        try (StudioClient c = StudioClient.open(studio.port(), null)) {
            c.send("{\"type\":\"hello\",\"proto\":99,\"token\":\"" + token + "\"}");
            assertThat(c.awaitClose()).isEqualTo(4400);
        }
    }

    @Test
    void noHelloWithinThreeSecondsClosesWith4401() throws Exception {
        try (StudioClient c = StudioClient.open(studio.port(), null)) {
            assertThat(c.awaitClose()).isEqualTo(4401);
            assertThat(c.closeReason.join()).contains("3 s");
            assertThat(c.received).isEmpty();
        }
    }
}
