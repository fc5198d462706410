package dev.brook.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sequential write rate of the disk under a directory, measured with dd (1 GiB of zeros). */
final class DiskWriteRate {
    private static final Pattern RATE = Pattern.compile("([\\d.,]+) (kB|MB|GB)/s");

    private DiskWriteRate() {
    }

    /** MB/s (10^6 bytes) as dd reports it; {@code fdatasync} makes dd wait until the data is on disk. */
    static double measure(Path dir, boolean fdatasync) throws IOException, InterruptedException {
        Path file = dir.resolve("dd-test.bin");
        List<String> cmd = fdatasync
                ? List.of("dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=1024", "conv=fdatasync")
                : List.of("dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=1024");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Files.deleteIfExists(file);
        Matcher m = RATE.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("cannot read dd output: " + out);
        }
        double value = Double.parseDouble(m.group(1).replace(',', '.'));
        return switch (m.group(2)) {
            case "kB" -> value / 1000;
            case "GB" -> value * 1000;
            default -> value;
        };
    }
}
