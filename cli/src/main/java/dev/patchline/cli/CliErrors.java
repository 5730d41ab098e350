package dev.patchline.cli;

import java.nio.file.NoSuchFileException;

/** Turns exceptions into the single line a user sees. */
final class CliErrors {
    private CliErrors() {}

    static String describe(Throwable t) {
        if (t instanceof NoSuchFileException e) {
            return "file not found: " + e.getFile();
        }
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = t.getClass().getSimpleName();
        }
        return msg + (t instanceof CliException ? "" : " (run with --debug for details)");
    }
}
