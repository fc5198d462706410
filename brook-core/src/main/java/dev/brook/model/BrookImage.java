package dev.brook.model;

/** The broker image every ZooKeeper and broker pod runs (the operator's config {@code brook.broker-image}). */
public final class BrookImage {
    /** Default of {@code brook.broker-image}. */
    public static final String DEFAULT = "ghcr.io/brook-dev/brook-broker:0.1.0";

    private BrookImage() {
    }
}
