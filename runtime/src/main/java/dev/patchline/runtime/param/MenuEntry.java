package dev.patchline.runtime.param;

import java.util.Objects;

/**
 * One choice of a menu parameter.
 *
 * @param name  the stable value written in graph files, e.g. {@code "perline"}
 * @param label the text shown to people, e.g. {@code "Per Line"}
 */
public record MenuEntry(String name, String label) {
    public MenuEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
    }
}
