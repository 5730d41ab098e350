package dev.patchline.runtime.op;

/** Health of a node after its last cook, shown in the live view and by the Info DAT. */
public enum NodeState {
    /** Cooked without complaint (or has not cooked yet). */
    OK,
    /** Cooked, but reported something the user should look at. */
    WARNING,
    /** The last cook, start or callback failed; the message says why. Other nodes keep cooking. */
    ERROR
}
