package dev.patchline.runtime.param;

/**
 * Optional interface for enums used as menus: gives the JSON name and the label of each constant.
 * Without it the JSON name is the constant's name in lowercase.
 */
public interface MenuChoice {
    /** {@return the stable value written in graph files} */
    String menuName();

    /** {@return the text shown to people} */
    default String menuLabel() {
        return menuName();
    }
}
