package dev.patchline.bench.studio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One of the {@code web/e2e} scripts run by Node.js: Debian's Chromium through playwright-core, as the browser tests run
 * it. Output lines are collected by a reader thread so that waiting for one never blocks on the process.
 */
final class BrowserPage implements AutoCloseable {

    /** The {@code web} module of this checkout: the scripts import playwright-core from its node_modules. */
    static final Path WEB = Path.of("web").toAbsolutePath();

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder transcript = new StringBuilder();

    BrowserPage(String script, String... args) throws IOException {
        if (!Files.isDirectory(WEB.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException(
                    "web/node_modules/playwright-core is missing: build the web module first (mvn -pl web package)");
        }
        String[] command = new String[args.length + 2];
        command[0] = "node";
        command[1] = "e2e/" + script;
        System.arraycopy(args, 0, command, 2, args.length);
        process = new ProcessBuilder(command)
                .directory(WEB.toFile())
                .redirectErrorStream(true)
                .start();
        Thread reader = new Thread(this::read, "bench-browser-" + script);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (transcript) {
                    transcript.append(line).append('\n');
                }
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("bench: reading the browser failed: " + e.getMessage());
        }
    }

    /** {@return the first line starting with {@code prefix}} Fails with the script's output after {@code seconds}. */
    String await(String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith(prefix)) return line;
            if (line == null && System.nanoTime() >= deadline) {
                throw new IllegalStateException(
                        "no '" + prefix + "' from the browser within " + seconds + " s; it said:\n" + transcript());
            }
            if (line != null && line.contains("FAIL")) {
                throw new IllegalStateException("the browser script failed:\n" + transcript());
            }
        }
    }

    /** Sends one line to the script's standard input. */
    void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    String transcript() {
        synchronized (transcript) {
            return transcript.toString();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
