package dev.patchline.runtime.script;

/**
 * The {@code absTime} script variable: the cook clock. Reading it from an expression makes the
 * expression time-dependent (re-evaluated every frame).
 */
public interface AbsTime {
    /** {@return the current frame number} */
    long getFrame();

    /** {@return seconds since the patch started} */
    double getSeconds();
}
