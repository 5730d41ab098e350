package dev.patchline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --allow-path DIR} option of the commands that load a graph ({@code run}, {@code validate}): folders
 * besides the graph file's own whose files the graph may use. A picocli mixin, so that every command spells, describes
 * and checks it the same way.
 */
final class AllowPathOption {

    @Option(
            names = "--allow-path",
            paramLabel = "DIR",
            description =
                    "Let the graph read and write files in DIR too (by default only in the graph file's folder). Repeatable.")
    List<Path> dirs = new ArrayList<>();

    /** {@return the allowed folders} @throws CliException (exit 2) naming a DIR that is not an existing folder */
    List<Path> folders() {
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new CliException(
                        "--allow-path " + dir + ": " + (Files.exists(dir) ? "not a folder" : "no such folder")
                                + "; give a folder whose files the graph may use",
                        2);
            }
        }
        return List.copyOf(dirs);
    }
}
