/**
 * Small operator types used only by the runtime's own tests. They run on the cook thread like any operator;
 * {@code TestOps.InboxOp} is fed from test threads through its inbox.
 */
package dev.patchline.runtime.testops;
