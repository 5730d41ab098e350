package dev.patchline.runtime.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathPolicyTest {
    @TempDir
    Path tmp;

    /** The graph's folder, with a sibling folder outside it. */
    private Path show;

    private Path outside;

    @BeforeEach
    void folders() throws IOException {
        show = Files.createDirectories(tmp.resolve("show"));
        outside = Files.createDirectories(tmp.resolve("outside"));
    }

    @Test
    void relative_paths_resolve_against_the_graph_folder() {
        PathPolicy files = PathPolicy.of(show, List.of());
        assertThat(files.resolve("cues.csv")).isEqualTo(show.resolve("cues.csv"));
        assertThat(files.resolve("logs/../logs/today.csv")).isEqualTo(show.resolve("logs/today.csv"));
        assertThat(files.resolve(show.resolve("abs.csv").toString())).isEqualTo(show.resolve("abs.csv"));
        assertThat(files.problem("new/folder/file.csv")).isNull();
    }

    @Test
    void a_path_that_leaves_the_folder_is_refused_naming_path_folder_and_fix() {
        PathPolicy files = PathPolicy.of(show, List.of());
        assertThatThrownBy(() -> files.resolve("../outside/secret.csv"))
                .isInstanceOf(PathRefusedException.class)
                .hasMessage("'../outside/secret.csv' leaves the graph's folder " + show + " (it is "
                        + outside.resolve("secret.csv") + "); put the file in that folder and give its path relative to"
                        + " it, or allow its folder with --allow-path DIR (in Java: PatchOptions.Builder.allowPath)");
        assertThat(files.problem("logs/../../outside/x")).contains("leaves the graph's folder");
    }

    @Test
    void an_absolute_path_outside_the_folder_is_refused() {
        PathPolicy files = PathPolicy.of(show, List.of());
        String secret = outside.resolve("id_rsa").toString();
        assertThat(files.problem(secret)).startsWith("'" + secret + "' is outside the graph's folder " + show + ";");
        // A sibling whose name starts like the folder's is not inside it.
        assertThat(files.problem(tmp.resolve("show-backup/x.csv").toString())).contains("is outside");
    }

    @Test
    void allowed_folders_are_usable_by_absolute_and_relative_paths() {
        PathPolicy files = PathPolicy.of(show, List.of(outside));
        assertThat(files.resolve(outside.resolve("log.csv").toString())).isEqualTo(outside.resolve("log.csv"));
        assertThat(files.resolve("../outside/log.csv")).isEqualTo(outside.resolve("log.csv"));
        assertThat(files.problem(tmp.resolve("elsewhere.csv").toString())).contains("is outside");
    }

    @Test
    void a_symbolic_link_out_of_the_folder_is_refused_even_when_its_target_does_not_exist_yet() throws IOException {
        Files.createSymbolicLink(show.resolve("link"), outside);
        Files.createSymbolicLink(show.resolve("dangling.csv"), outside.resolve("created-by-a-write.csv"));
        Files.createDirectories(show.resolve("real"));
        Files.createSymbolicLink(show.resolve("inner"), show.resolve("real"));
        PathPolicy files = PathPolicy.of(show, List.of());

        assertThat(files.problem("link/secret.csv"))
                .startsWith("'link/secret.csv' leads out of the graph's folder " + show
                        + " through a symbolic link (to " + outside.resolve("secret.csv") + ");");
        assertThat(files.problem("dangling.csv"))
                .contains("through a symbolic link (to " + outside.resolve("created-by-a-write.csv"));
        assertThat(files.resolve("inner/ok.csv")).isEqualTo(show.resolve("inner/ok.csv"));
        assertThat(PathPolicy.of(show, List.of(outside)).problem("link/secret.csv"))
                .isNull();
    }

    @Test
    void a_graph_folder_reached_through_a_link_still_holds_its_files() throws IOException {
        Path linkedShow = Files.createSymbolicLink(tmp.resolve("current-show"), show);
        PathPolicy files = PathPolicy.of(linkedShow, List.of());
        assertThat(files.resolve("cues.csv")).isEqualTo(linkedShow.resolve("cues.csv"));
        assertThat(files.problem("../outside/x.csv")).contains("leaves the graph's folder");
    }

    @Test
    void without_a_graph_folder_the_working_directory_plays_its_part() {
        PathPolicy files = PathPolicy.of(null, List.of());
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(files.folder()).isEqualTo(cwd);
        assertThat(files.resolve("target/x.csv")).isEqualTo(cwd.resolve("target/x.csv"));
        assertThat(files.problem(outside.toString()))
                .startsWith("'" + outside + "' is outside the working directory " + cwd);
    }

    @Test
    void a_path_with_a_nul_character_is_refused_as_invalid() {
        assertThat(PathPolicy.of(show, List.of()).problem("a\0b")).startsWith("'a\0b' is not a valid path: ");
    }
}
