package dev.patchline.runtime.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * The files a graph may use. A relative path resolves against the graph's folder; the result must stay inside that
 * folder or inside a folder the user allowed ({@code --allow-path DIR}, {@code PatchOptions.Builder.allowPath}).
 * A graph received from someone else therefore cannot read {@code ~/.ssh/id_rsa} or write {@code ~/.bashrc}
 * through a File Out DAT, a Table DAT or a callbacks file.
 *
 * <p>The check is made on the path as written ({@code ..} included) and again on the path with every symbolic link
 * followed, so a link inside the folder that points out of it is refused too. A link that dangles is followed to
 * where a write would create its target. The check runs when a path is resolved; a link swapped in between that
 * moment and the open is not caught, nor is a hard link (which is a file of the folder).
 *
 * <p>Immutable and thread-safe.
 */
public final class PathPolicy {
    /** Symbolic links followed for one path before giving up, as Linux does (ELOOP). */
    private static final int MAX_LINKS = 40;

    private final Path folder;
    private final boolean graphFolder;
    private final List<Path> allowed;

    private PathPolicy(Path folder, boolean graphFolder, List<Path> allowed) {
        this.folder = folder;
        this.graphFolder = graphFolder;
        this.allowed = allowed;
    }

    /**
     * {@return the policy of a graph in {@code folder}}
     *
     * @param folder  the graph file's folder; null for a graph without a file, whose paths resolve against the
     *                working directory and must stay in it
     * @param allowed further folders whose files the graph may use (relative ones resolve against the working
     *                directory, as on a command line)
     */
    public static PathPolicy of(Path folder, Collection<Path> allowed) {
        List<Path> dirs = new ArrayList<>();
        for (Path dir : allowed) dirs.add(absolute(dir));
        return new PathPolicy(absolute(folder == null ? Path.of("") : folder), folder != null, List.copyOf(dirs));
    }

    /** {@return the folder relative paths resolve against (absolute)} */
    public Path folder() {
        return folder;
    }

    /** {@return the folders allowed besides {@link #folder()} (absolute)} */
    public List<Path> allowed() {
        return allowed;
    }

    /**
     * {@return {@code path} resolved against the folder, as an absolute normalized path}
     *
     * @throws PathRefusedException when it is not a valid path or leads out of the folder and every allowed folder
     */
    public Path resolve(String path) {
        Path given;
        try {
            given = Path.of(path);
        } catch (InvalidPathException e) {
            throw new PathRefusedException("'" + path + "' is not a valid path: " + e.getReason());
        }
        Path resolved = folder.resolve(given).normalize();
        if (!inside(resolved, roots())) {
            throw new PathRefusedException("'" + path + "' " + (given.isAbsolute() ? "is outside " : "leaves ")
                    + where() + (given.isAbsolute() ? "" : " (it is " + resolved + ")") + "; " + fix());
        }
        Path real;
        List<Path> realRoots = new ArrayList<>();
        try {
            real = followLinks(resolved);
            for (Path root : roots()) realRoots.add(followLinks(root));
        } catch (IOException e) {
            throw new PathRefusedException("'" + path + "' cannot be checked: " + e.getMessage() + "; " + fix());
        }
        if (!inside(real, realRoots)) {
            throw new PathRefusedException(
                    "'" + path + "' leads out of " + where() + " through a symbolic link (to " + real + "); " + fix());
        }
        return resolved;
    }

    /** {@return null when {@code path} may be used, otherwise the message of {@link #resolve(String)}} */
    public String problem(String path) {
        try {
            resolve(path);
            return null;
        } catch (PathRefusedException e) {
            return e.getMessage();
        }
    }

    @Override
    public String toString() {
        return "PathPolicy[" + folder + (allowed.isEmpty() ? "" : ", allowed " + allowed) + "]";
    }

    private String where() {
        return (graphFolder ? "the graph's folder " : "the working directory ") + folder;
    }

    private static String fix() {
        return "put the file in that folder and give its path relative to it, or allow its folder with"
                + " --allow-path DIR (in Java: PatchOptions.Builder.allowPath)";
    }

    private List<Path> roots() {
        List<Path> roots = new ArrayList<>(allowed.size() + 1);
        roots.add(folder);
        roots.addAll(allowed);
        return roots;
    }

    private static boolean inside(Path path, List<Path> roots) {
        for (Path root : roots) {
            if (path.startsWith(root)) return true;
        }
        return false;
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /**
     * {@return {@code absolute} with every symbolic link replaced by its target, name by name} Unlike
     * {@link Path#toRealPath} it works for paths that do not exist yet (a file about to be written) and follows a
     * dangling link to the file a write through it would create.
     */
    static Path followLinks(Path absolute) throws IOException {
        Path real = absolute.getRoot();
        Deque<Path> names = new ArrayDeque<>();
        for (Path name : absolute) names.addLast(name);
        int links = 0;
        while (!names.isEmpty()) {
            Path name = names.removeFirst();
            String text = name.toString();
            if (text.equals(".") || text.isEmpty()) continue;
            if (text.equals("..")) {
                // real holds no links, so its parent is the true parent.
                if (real.getParent() != null) real = real.getParent();
                continue;
            }
            Path next = real.resolve(name);
            if (!Files.isSymbolicLink(next)) {
                real = next;
                continue;
            }
            if (++links > MAX_LINKS) throw new IOException("more than " + MAX_LINKS + " symbolic links");
            Path target = Files.readSymbolicLink(next);
            List<Path> targetNames = new ArrayList<>();
            for (Path t : target) targetNames.add(t);
            for (int i = targetNames.size() - 1; i >= 0; i--) names.addFirst(targetNames.get(i));
            if (target.isAbsolute()) real = target.getRoot();
        }
        return real;
    }
}
