package dev.brook.contract;

import java.util.Arrays;
import java.util.Optional;

/** The two roles of the broker image; the argument of {@code brook-agent <role>}. */
public enum Role {
    ZOOKEEPER("zookeeper"),
    BROKER("broker");

    private final String argument;

    Role(String argument) {
        this.argument = argument;
    }

    /** The launcher argument and the pod-name infix ({@code <cluster>-<argument>-<ordinal>}). */
    public String argument() {
        return argument;
    }

    public static Optional<Role> fromArgument(String argument) {
        return Arrays.stream(values()).filter(r -> r.argument.equals(argument)).findFirst();
    }
}
