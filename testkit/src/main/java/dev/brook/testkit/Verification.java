package dev.brook.testkit;

/**
 * What {@link ReadBack} found.
 *
 * @param consumed         the producer's records read, duplicates included
 * @param skipped          other records read: warm-up markers, other producers' records
 * @param acknowledged     records the producer had acknowledged
 * @param found            acknowledged records read back (each once)
 * @param duplicates       the producer's records read more than once (counted from the second copy on)
 * @param unacknowledged   records read whose send was not acknowledged (failed, or no answer)
 * @param sentChecksum     sum of the CRC32 of the acknowledged values, as sent
 * @param readChecksum     the same sum over the acknowledged records read back
 * @param millis           how long the read took
 */
public record Verification(long consumed, long skipped, long acknowledged, long found, long duplicates, long unacknowledged,
        long sentChecksum, long readChecksum, long millis) {

    /** Acknowledged records not read back. */
    public long missing() {
        return acknowledged - found;
    }

    public boolean checksumMatches() {
        return sentChecksum == readChecksum;
    }

    /** Every acknowledged record read back, with the same checksum. */
    public boolean complete() {
        return missing() == 0 && checksumMatches();
    }

    @Override
    public String toString() {
        return "read back " + found + " of " + acknowledged + " acknowledged (missing " + missing() + "), consumed " + consumed
                + " (+" + skipped + " skipped), duplicates " + duplicates + ", unacknowledged " + unacknowledged + ", checksum "
                + Long.toHexString(sentChecksum) + " / " + Long.toHexString(readChecksum) + (checksumMatches() ? " (match)" : " (MISMATCH)")
                + ", in " + millis + " ms";
    }
}
