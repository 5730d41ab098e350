/**
 * The benchmark harness behind {@code bench/run}. Each benchmark runs on the thread that calls it and owns
 * whatever servers, clients and graphs it starts; it stops them before returning. Nothing here is shipped.
 */
package dev.patchline.bench;
