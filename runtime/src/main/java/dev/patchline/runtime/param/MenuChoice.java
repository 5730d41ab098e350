package dev.patchline.runtime.param;

import java.util.Locale;

/**
 * A menu is an enum: each constant is one entry, its JSON name is the constant's name in lowercase and its
 * label comes from {@link MenuLabel} (or is the name). Implement this interface only for a name that cannot
 * be the constant's, such as {@code "3.1.1"}, and override {@link #menuName()}; the JSON names of graph files
 * must never change.
 */
public interface MenuChoice {
    /** {@return the stable value written in graph files; by default the constant's name in lowercase} */
    default String menuName() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }
}
