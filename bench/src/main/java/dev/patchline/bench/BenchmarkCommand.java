package dev.patchline.bench;

import java.io.PrintStream;

/**
 * One benchmark reachable as {@code bench/run NAME}. Implementations are listed in
 * {@code META-INF/services/dev.patchline.bench.BenchmarkCommand}.
 *
 * <p>A run prints a readable table and, as its last line, {@code RESULT NAME key=value ...}, so that scripts
 * and the docs' benchmark page can pick the figures up without parsing the table.
 */
public interface BenchmarkCommand {

    /** The name used on the command line, e.g. {@code codec}. */
    String name();

    /** One line saying what is measured against what. */
    String summary();

    /**
     * Runs the benchmark.
     *
     * @param quick fewer and shorter iterations: a smoke run, noisier figures
     * @param out where the table and the final {@code RESULT} line go
     * @return process exit code (0 when the benchmark ran, whether or not it met its goal)
     */
    int run(boolean quick, PrintStream out) throws Exception;
}
