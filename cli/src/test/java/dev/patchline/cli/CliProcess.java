package dev.patchline.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line in a new JVM the way {@code ./patchline} does ({@code java -cp CLASSES:RUNTIME-JARS
 * dev.patchline.cli.PatchlineCommand ARGS}) and captures its exit code, stdout and stderr as the user's terminal
 * would see them, so that nothing held in a buffer at exit goes unnoticed. The class path is the CLI's classes and
 * its runtime dependencies as Maven resolved them for this build (written by the dependency plugin before the
 * tests), without the test classes and test operators.
 *
 * <p>{@link #run} waits for the end, with a limit: a process still running at the limit is killed and the test fails
 * with what it printed. {@link #start} leaves a long-running command (a {@code run}, an {@code mqtt sub}) to the test,
 * which must wait for it with a limit and kill it when done. Every process-level test of the CLI starts it here, so
 * that all of them run the same command line as the launcher. Thread-safe; each call starts its own process.
 */
public final class CliProcess {
    /** Generous for a JVM start on a loaded two-core machine; a hang ends the test instead of the build. */
    static final Duration DEFAULT_LIMIT = Duration.ofSeconds(60);

    /**
     * Options that only shorten the JVM's start (the output does not depend on them), as a user may put them in
     * {@code PATCHLINE_JAVA_OPTS}; UTF-8 so that the operator pages' "…" and "€" arrive whatever the test's locale.
     */
    private static final List<String> JVM_OPTIONS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8");

    private static final String CLASSPATH = classPath();

    /** What a finished process left: its exit code and everything it wrote. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    private CliProcess() {}

    /** Runs {@code patchline ARGS} in the current working directory with the default limit. */
    public static Result run(String... args) {
        return run(null, DEFAULT_LIMIT, args);
    }

    /**
     * Runs {@code patchline ARGS} in {@code workDir} (null: the current one), with an empty stdin.
     *
     * @throws AssertionError when the process is still running after {@code limit} (it is killed first)
     */
    public static Result run(Path workDir, Duration limit, String... args) {
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            out = Files.createTempFile("patchline-out", ".txt");
            err = Files.createTempFile("patchline-err", ".txt");
            process = start(workDir, List.of(), out, err, args);
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("patchline " + String.join(" ", args) + " still ran after " + limit
                        + "; killed. It printed:\n" + read(out) + "\n--- stderr ---\n" + read(err));
            }
            return new Result(process.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new AssertionError("cannot run or read the output of patchline " + String.join(" ", args), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for patchline " + String.join(" ", args), e);
        } finally {
            if (process != null && process.isAlive()) process.destroyForcibly();
            delete(out);
            delete(err);
        }
    }

    /**
     * Starts {@code patchline ARGS} in {@code workDir} (null: the current one) with an empty stdin, its stdout and
     * stderr going to the files {@code out} and {@code err} (files, not pipes: the child can never block on a full pipe
     * while the test waits for something else). {@code jvmOptions} come after the launcher's own, as
     * {@code PATCHLINE_JAVA_OPTS} would (e.g. {@code -Xmx96m}).
     */
    public static Process start(Path workDir, List<String> jvmOptions, Path out, Path err, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(CLASSPATH);
        command.add(PatchlineCommand.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File(nullDevice())));
        if (workDir != null) builder.directory(workDir.toFile());
        return builder.start();
    }

    private static String classPath() {
        String classes = System.getProperty("patchline.cli.classes", "target/classes");
        Path file = Path.of(System.getProperty("patchline.cli.classpathFile", "target/runtime-classpath.txt"));
        try {
            return classes
                    + File.pathSeparator
                    + Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read the CLI's runtime class path from " + file.toAbsolutePath()
                            + "; Maven writes it before the tests (mvn -pl cli -am verify)",
                    e);
        }
    }

    private static String nullDevice() {
        return File.separatorChar == '\\' ? "NUL" : "/dev/null";
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void delete(Path file) {
        if (file == null) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A temporary file left behind is harmless.
        }
    }
}
