package dev.patchline.runtime.data;

/**
 * Read view of a CHOP's output: named channels of double samples sharing one sample count and
 * rate. Only the cook thread of the owning graph may read it; valid until the owner's next cook.
 */
public interface Channels {

    /** {@return the number of channels} */
    int numChans();

    /** {@return the name of channel {@code chan}} */
    String name(int chan);

    /** {@return the index of the channel named {@code name}, or -1} */
    int index(String name);

    /** {@return samples per channel (1 for a single value per channel)} */
    int numSamples();

    /** {@return samples per second} */
    double rate();

    /** {@return sample {@code sample} of channel {@code chan}} */
    double value(int chan, int sample);

    /** {@return sample 0 of the named channel, or NaN when there is no such channel} */
    default double value(String name) {
        int i = index(name);
        return i < 0 || numSamples() == 0 ? Double.NaN : value(i, 0);
    }

    /** {@return the version; it changes exactly when a cook changed names, rate or values} */
    long version();
}
