package dev.patchline.cli;

import dev.patchline.runtime.op.OperatorPages;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code patchline docs --out DIR [--check]}: writes the operator reference (one page per operator and
 * an index); with {@code --check} it writes nothing and fails when the pages in DIR differ.
 */
@Command(
        name = "docs",
        mixinStandardHelpOptions = true,
        description = "Generates the operator reference pages from the descriptors.")
final class DocsCommand implements Callable<Integer> {

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder for the pages, e.g. docs/operators.")
    Path out;

    @Option(
            names = "--check",
            description = "Write nothing; exit 1 listing the pages that differ from the generated ones.")
    boolean check;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Map<String, String> pages = generate(OperatorRegistry.load());
        if (check) {
            List<String> stale = stalePages(out, pages);
            if (stale.isEmpty()) {
                spec.commandLine().getOut().println(out + ": " + pages.size() + " pages are current");
                return 0;
            }
            stale.forEach(spec.commandLine().getErr()::println);
            throw new CliException(
                    out + ": " + stale.size() + " pages differ; regenerate with `./patchline docs --out " + out + "`");
        }
        Files.createDirectories(out);
        for (Path old : list(out)) {
            if (!pages.containsKey(old.getFileName().toString())) {
                Files.delete(old);
            }
        }
        for (Map.Entry<String, String> p : pages.entrySet()) {
            Files.writeString(out.resolve(p.getKey()), p.getValue(), StandardCharsets.UTF_8);
        }
        spec.commandLine().getOut().println("wrote " + pages.size() + " pages to " + out);
        return 0;
    }

    /** {@return file name to content for every page, index first} */
    static Map<String, String> generate(OperatorRegistry registry) {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("README.md", OperatorPages.index(registry.all()));
        for (OperatorType t : OperatorPages.sorted(registry.all())) {
            pages.put(OperatorPages.fileName(t), OperatorPages.page(t));
        }
        return pages;
    }

    /** {@return one line per page that is missing, different or not generated any more} */
    static List<String> stalePages(Path dir, Map<String, String> pages) throws IOException {
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> p : pages.entrySet()) {
            Path file = dir.resolve(p.getKey());
            if (!Files.exists(file)) {
                stale.add("missing: " + file);
            } else if (!Files.readString(file, StandardCharsets.UTF_8).equals(p.getValue())) {
                stale.add("differs: " + file);
            }
        }
        for (Path f : list(dir)) {
            if (!pages.containsKey(f.getFileName().toString())) {
                stale.add("not generated: " + f);
            }
        }
        return stale;
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .sorted()
                    .toList();
        }
    }
}
