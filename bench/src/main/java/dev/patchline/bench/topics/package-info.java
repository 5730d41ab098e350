/**
 * {@code bench/run topics}: subscription-trie match rate at 1,000 and 100,000 subscriptions.
 *
 * <p>Threading: JMH drives each benchmark state from one thread.
 */
package dev.patchline.bench.topics;
