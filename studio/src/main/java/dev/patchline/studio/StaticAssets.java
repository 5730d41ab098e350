package dev.patchline.studio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The front end's files, read from the class path under {@value #PREFIX} (the {@code patchline-web} jar puts them
 * there) and kept in memory after the first read. A path is served only when it is normalised: no {@code ..}, no
 * {@code .} segment, no backslash, no empty segment, no encoded slash; everything else is not found. When the front end
 * is not on the class path, {@code index.html} is a small page saying so. Thread-safe.
 */
final class StaticAssets {
    static final String PREFIX = "dev/patchline/studio/web/";
    private static final int MAX_ASSET_BYTES = 32 * 1024 * 1024;

    static final String NOT_BUILT_PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Patchline Studio</title></head>
            <body><h1>Patchline Studio</h1>
            <p>The studio's server runs, but its front end was not built into this installation, so there is no page
            to show. Build it with <code>mvn -B package</code> from the project folder (it needs Node.js and npm), or
            talk to the server with the WebSocket protocol described in <code>docs/guide/studio.md</code>.</p>
            </body></html>
            """;

    /** A file to send: its bytes and content type. */
    record Asset(byte[] bytes, String contentType) {}

    private final ClassLoader loader;
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    StaticAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** {@return the asset at URL path {@code path} (starting with '/'), or null when there is none or it is refused} */
    Asset find(String path) {
        String relative = normalise(path);
        if (relative == null) return null;
        if (relative.isEmpty()) relative = "index.html";
        Asset a = cache.get(relative);
        if (a != null) return a;
        a = read(relative);
        if (a == null && relative.equals("index.html"))
            a = new Asset(NOT_BUILT_PAGE.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
        if (a != null) cache.put(relative, a);
        return a;
    }

    /** {@return the path without its leading '/', or null when it is not a plain relative path} */
    static String normalise(String path) {
        if (path == null || !path.startsWith("/")) return null;
        String p = path.substring(1);
        if (p.isEmpty()) return "";
        if (p.indexOf('\\') >= 0 || p.indexOf('%') >= 0 || p.indexOf('\0') >= 0 || p.indexOf(':') >= 0) return null;
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) return null;
        }
        return p;
    }

    private Asset read(String relative) {
        try (InputStream in = loader.getResourceAsStream(PREFIX + relative)) {
            if (in == null) return null;
            byte[] bytes = in.readNBytes(MAX_ASSET_BYTES + 1);
            if (bytes.length > MAX_ASSET_BYTES) return null;
            return new Asset(bytes, contentType(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read studio asset " + relative, e);
        }
    }

    static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? "" : n.substring(dot + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json", "map" -> "application/json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "woff" -> "font/woff";
            case "txt" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }
}
