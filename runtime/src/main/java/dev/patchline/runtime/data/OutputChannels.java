package dev.patchline.runtime.data;

import java.util.Arrays;

/**
 * The channels a CHOP writes during its cook. Setting a sample to the value it already has is not
 * a change, so a CHOP that recomputes the same values every cook does not make downstream nodes cook.
 * Confined to the cook thread; published by the runtime when the cook ends.
 */
public final class OutputChannels implements Channels {
    private String[] names = new String[0];
    private double[][] samples = new double[0][];
    private int numSamples = 1;
    private double rate = 60.0;
    private long version;
    private boolean dirty;

    /** {@return the index of channel {@code name}, adding it (all samples 0) when absent} */
    public int channel(String name) {
        int i = index(name);
        if (i >= 0) return i;
        names = Arrays.copyOf(names, names.length + 1);
        names[names.length - 1] = name;
        samples = Arrays.copyOf(samples, samples.length + 1);
        samples[samples.length - 1] = new double[numSamples];
        dirty = true;
        return names.length - 1;
    }

    /** Sets sample 0 of channel {@code name}, adding the channel when absent. */
    public void set(String name, double value) {
        set(channel(name), 0, value);
    }

    /** Sets one sample. */
    public void set(int chan, int sample, double value) {
        double[] s = samples[chan];
        if (Double.doubleToLongBits(s[sample]) != Double.doubleToLongBits(value)) {
            s[sample] = value;
            dirty = true;
        }
    }

    /** Sets the number of samples of every channel (new samples are 0). */
    public void setNumSamples(int n) {
        if (n < 0) throw new IllegalArgumentException("numSamples must be >= 0, got " + n);
        if (n == numSamples) return;
        for (int i = 0; i < samples.length; i++) samples[i] = Arrays.copyOf(samples[i], n);
        numSamples = n;
        dirty = true;
    }

    /** Sets the sample rate in samples per second. */
    public void setRate(double rate) {
        if (!(rate > 0)) throw new IllegalArgumentException("rate must be > 0, got " + rate);
        if (rate != this.rate) {
            this.rate = rate;
            dirty = true;
        }
    }

    /** Removes every channel. */
    public void clear() {
        if (names.length == 0) return;
        names = new String[0];
        samples = new double[0][];
        dirty = true;
    }

    /** Keeps only the first {@code n} channels. */
    public void truncate(int n) {
        if (n >= names.length) return;
        names = Arrays.copyOf(names, n);
        samples = Arrays.copyOf(samples, n);
        dirty = true;
    }

    @Override
    public int numChans() {
        return names.length;
    }

    @Override
    public String name(int chan) {
        return names[chan];
    }

    @Override
    public int index(String name) {
        for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
        return -1;
    }

    @Override
    public int numSamples() {
        return numSamples;
    }

    @Override
    public double rate() {
        return rate;
    }

    @Override
    public double value(int chan, int sample) {
        return samples[chan][sample];
    }

    @Override
    public long version() {
        return version;
    }

    /**
     * Publishes the changes made since the last commit. Called by the runtime after each cook.
     *
     * @return whether the version changed
     */
    public boolean commit() {
        if (!dirty) return false;
        version++;
        dirty = false;
        return true;
    }
}
