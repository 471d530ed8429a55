package org.qenex.kernel.internal.resources;

/**
 * Whiteboard service inside the kernel: told about every new sample, on the monitor's thread,
 * so it must return quickly.
 */
public interface ResourceSampleListener {

    void sampled(ResourceSample sample);
}
