package dev.patchline.runtime.graph;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;

/**
 * Replaces a file's content so that a reader (an editor, a file watcher, a crash) sees either the old content or the
 * new one, never a half-written file: the bytes go to a temporary file in the same folder, are forced to the disk,
 * and the temporary file is renamed over the target in one atomic step. The previous content is kept next to it as
 * {@code .NAME.backup} (one generation). Stateless; callers writing the same file from several threads must take
 * turns themselves.
 */
final class AtomicFileWrite {
    private AtomicFileWrite() {}

    /** {@return the backup file kept for {@code file}: {@code .NAME.backup} in the same folder} */
    static Path backupOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".backup");
    }

    /**
     * Writes {@code bytes} to {@code file} atomically. A symbolic link is followed: its target is replaced and the link
     * stays. The new file keeps the old one's POSIX permissions.
     *
     * @throws AtomicMoveNotSupportedException when the file system cannot rename atomically; the file is unchanged
     * @throws IOException when writing fails; the file is unchanged and no temporary file is left behind
     */
    static void write(Path file, byte[] bytes) throws IOException {
        Path target = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            if (Files.exists(target)) {
                copyPermissions(target, tmp);
                Files.copy(target, backupOf(target), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceDirectory(dir);
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView view =
                Files.getFileAttributeView(from, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view != null)
            Files.setPosixFilePermissions(to, view.readAttributes().permissions());
    }

    /** Makes the rename itself durable; file systems that cannot open a folder for that simply skip it. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a folder as a channel; the rename is still atomic there, only its durability differs.
        }
    }
}
