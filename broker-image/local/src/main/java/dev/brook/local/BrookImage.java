package dev.brook.local;

import dev.brook.contract.PodPaths;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The broker image's file tree ({@code bin/brook-agent}, {@code lib/}, {@code config/}) as laid out by
 * the Maven build at {@code broker-image/agent/target/brook-image}. Found, in order, at the system
 * property {@value #HOME_PROPERTY}, the env var {@value #HOME_ENV}, or by walking up from the working
 * directory to a checkout that has {@value #TREE_IN_CHECKOUT}.
 */
public record BrookImage(Path home) {
    public static final String HOME_PROPERTY = "brook.image.home";
    public static final String HOME_ENV = "BROOK_IMAGE_HOME";
    public static final String TREE_IN_CHECKOUT = "broker-image/agent/target/brook-image";

    public BrookImage {
        home = home.toAbsolutePath().normalize();
        if (!Files.isExecutable(home.resolve(PodPaths.LAUNCHER))) {
            throw new IllegalStateException("no executable " + PodPaths.LAUNCHER + " under " + home
                    + "; build the image tree with: ./mvnw -pl broker-image/agent -am package -DskipTests");
        }
    }

    public static BrookImage locate() {
        Optional<String> configured = Optional.ofNullable(System.getProperty(HOME_PROPERTY))
                .or(() -> Optional.ofNullable(System.getenv(HOME_ENV)))
                .filter(s -> !s.isBlank());
        if (configured.isPresent()) {
            return new BrookImage(Path.of(configured.get()));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(TREE_IN_CHECKOUT);
            if (Files.isDirectory(candidate)) {
                return new BrookImage(candidate);
            }
        }
        throw new IllegalStateException("cannot find the brook image tree: set -D" + HOME_PROPERTY + " or " + HOME_ENV
                + ", or build it with: ./mvnw -pl broker-image/agent -am package -DskipTests");
    }

    public Path launcher() {
        return home.resolve(PodPaths.LAUNCHER);
    }
}
