/**
 * Core DAT operators: tables of string cells (Table, Text, Null, Select, Info, Sort, Merge, Transpose,
 * Convert, Evaluate, JSON, Script, Switch, File Out, CHOP to DAT) and the event DATs (DAT Execute,
 * Execute, CHOP Execute). Operators that can work from the input delta do so.
 *
 * <p>Threading: every operator runs on its graph's cook thread only; file-watching operators are woken
 * from the {@link dev.patchline.nodes.core.FileWatch} thread through {@code wakeup()}, which is safe.
 */
package dev.patchline.nodes.core.dat;
