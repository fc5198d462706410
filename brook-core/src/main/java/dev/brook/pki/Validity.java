package dev.brook.pki;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * When a certificate is valid: from {@code notBefore} (inclusive) to {@code notAfter}. Both are whole seconds,
 * because X.509 stores no more, so what is written is exactly what {@link CertificateInfo} reads back.
 */
public record Validity(Instant notBefore, Instant notAfter) {

    public Validity {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
        notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("A certificate must end after it starts: " + notBefore + " .. " + notAfter);
        }
    }

    /**
     * Valid for {@code duration} from {@code notBefore}. Callers that issue "now" may start a few minutes in the
     * past so that a peer whose clock is slightly behind accepts the certificate at once.
     */
    public static Validity of(Instant notBefore, Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("A certificate's validity must be positive, not " + duration);
        }
        Instant start = notBefore.truncatedTo(ChronoUnit.SECONDS);
        return new Validity(start, start.plus(duration));
    }

    public Duration duration() {
        return Duration.between(notBefore, notAfter);
    }

    /** Whether {@code instant} lies inside this validity (notAfter itself counts as valid, as in X.509). */
    public boolean contains(Instant instant) {
        return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
    }
}
