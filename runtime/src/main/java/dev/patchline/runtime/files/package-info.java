/**
 * Which files a graph may read and write: {@link dev.patchline.runtime.files.PathPolicy} resolves the paths in
 * a graph (file parameters, callback files) against the graph's folder and refuses those that lead out of it
 * and out of the folders the user allowed.
 *
 * <p>Threading: policies are immutable and thread-safe; each check reads the file system at the time it runs.
 */
package dev.patchline.runtime.files;
