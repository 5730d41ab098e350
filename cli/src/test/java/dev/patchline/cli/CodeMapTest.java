package dev.patchline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the contributor's map of the code true: every main package says its job and threading rule in a
 * {@code package-info.java}, and every source file that {@code docs/dev/architecture.md} names exists. The cli module
 * runs it because it is the one module that sees the whole repository; tests run in {@code cli/}, so the root is
 * {@code ..}.
 */
class CodeMapTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CODE_MAP = ROOT.resolve("docs/dev/architecture.md");
    /** A path or file name in backticks, e.g. {@code `nodes/mqtt/…/nodes/mqtt/LinkUser.java`} or {@code `Engine.java`}. */
    private static final Pattern JAVA_FILE = Pattern.compile("`([^`\\s]*\\.java)`");

    @Test
    void everyMainPackageHasAPackageInfo() throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path folder : mainPackageFolders()) {
            if (!Files.exists(folder.resolve("package-info.java"))) {
                missing.add(ROOT.relativize(folder));
            }
        }
        assertThat(missing)
                .as("main packages without package-info.java (add one: the package's job and its threading rule)")
                .isEmpty();
    }

    @Test
    void everySourceFileTheCodeMapNamesExists() throws IOException {
        List<Path> sources = mainSources();
        List<String> missing = new ArrayList<>();
        Matcher m = JAVA_FILE.matcher(Files.readString(CODE_MAP));
        while (m.find()) {
            String named = m.group(1);
            boolean found = named.contains("/")
                    ? Files.exists(ROOT.resolve(named.replace("…", "src/main/java/dev/patchline")))
                    : sources.stream().anyMatch(p -> p.getFileName().toString().equals(named));
            if (!found) {
                missing.add(named);
            }
        }
        assertThat(missing)
                .as(
                        "files named in %s that do not exist (a class moved or was renamed: update the code map)",
                        ROOT.relativize(CODE_MAP))
                .isEmpty();
    }

    /** {@return the folders under some {@code src/main/java} that hold Java sources} */
    private static List<Path> mainPackageFolders() throws IOException {
        return mainSources().stream()
                .map(Path::getParent)
                .filter(folder -> !folder.endsWith("java"))
                .distinct()
                .sorted()
                .toList();
    }

    private static List<Path> mainSources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        String s = ROOT.relativize(p).toString().replace('\\', '/');
                        return s.contains("/src/main/java/") && !s.startsWith(".") && !s.contains("/target/");
                    })
                    .toList();
        }
    }
}
