package org.jrhcs.ccsd.core;

/**
 * One version of cluster.conf: its {@code config_version} and its exact text.
 * {@link #NONE} stands for "no file" (version 0): a node without a cluster.conf still
 * joins and takes the cluster's copy.
 */
public record ConfigCopy(int version, String text) {
    public static final ConfigCopy NONE = new ConfigCopy(0, null);

    public boolean present() { return text != null; }

    public boolean sameTextAs(ConfigCopy other) { return present() && text.equals(other.text); }
}
