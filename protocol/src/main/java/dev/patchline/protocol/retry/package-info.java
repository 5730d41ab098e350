/**
 * The one jittered reconnect backoff of the project, shared by the MQTT transport and the TCP/IP DAT's client:
 * {@link dev.patchline.protocol.retry.Backoff} says how long to wait before retry number n, and
 * {@link dev.patchline.protocol.retry.RetryCounter} counts the retries of one connection, counting a connection that
 * fails soon after it opened as one more failed attempt instead of a fresh start.
 *
 * <p><b>Threading:</b> {@code Backoff} is immutable and safe from any thread. A {@code RetryCounter} belongs to the one
 * thread that connects (an event loop); it has no locks.
 */
package dev.patchline.protocol.retry;
