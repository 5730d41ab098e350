package dev.patchline.runtime.param;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The text people see for one constant of a menu enum; without it the label is the menu name.
 *
 * {@snippet :
 * public enum Kind {
 *     @MenuLabel("Clamp to min and max") CLAMP,
 *     @MenuLabel("Loop (wrap around)") LOOP
 * }
 * }
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface MenuLabel {
    String value();
}
