package dev.patchline.studio;

/**
 * One reason an edit was refused, as {@code nack} lists it.
 *
 * @param id      the node it concerns, or null
 * @param param   the parameter it concerns, or null
 * @param message what is wrong and how to fix it, in the words {@code patchline validate} uses
 */
record EditError(String id, String param, String message) {}
