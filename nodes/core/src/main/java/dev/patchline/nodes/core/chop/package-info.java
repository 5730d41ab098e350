/**
 * Core CHOP operators: channels of double samples (Constant, DAT to CHOP, Math, Lag, Filter, Limit,
 * LFO, Timer, Select, Merge, Info).
 *
 * <p>Threading: every operator runs on its graph's cook thread only.
 */
package dev.patchline.nodes.core.chop;
