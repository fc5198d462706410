package dev.brook.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing in {@code dev.brook.pki} reads the clock: time is passed in. Disassembles the compiled classes with the JDK's
 * {@code javap} and looks for calls that read the time (the JDK and BouncyCastle may read it inside; Brook's code
 * never calls them: e.g. {@code X509Certificate.checkValidity()} without a date).
 */
class NoClockTest {

    private static final List<String> CLOCK_READS = List.of(
            "java/lang/System.currentTimeMillis",
            "java/lang/System.nanoTime",
            "java/time/Instant.now",
            "java/time/Clock.system",
            "java/time/LocalDate.now",
            "java/time/LocalDateTime.now",
            "java/time/LocalTime.now",
            "java/time/OffsetDateTime.now",
            "java/time/ZonedDateTime.now",
            "java/util/Date.\"<init>\":()V",
            "java/util/Calendar.getInstance",
            "java/security/cert/X509Certificate.checkValidity:()V");

    @Test
    void noClassOfThePackageReadsTheClock() throws Exception {
        Path classes = Path.of(CertificateAuthority.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/brook/pki");
        List<Path> classFiles = classFiles(classes);
        assertThat(classFiles).as("compiled classes of dev.brook.pki").hasSizeGreaterThan(10);

        String disassembly = javap(classFiles);

        assertThat(disassembly).contains("java/util/Date.from"); // the check reads real bytecode
        assertThat(CLOCK_READS).allSatisfy(read -> assertThat(disassembly).doesNotContain(read));
    }

    private static List<Path> classFiles(Path directory) throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".class")).sorted().toList();
        }
    }

    private static String javap(List<Path> classFiles) {
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow(() -> new AssertionError("no javap in this JDK"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] arguments = Stream.concat(Stream.of("-c", "-p"), classFiles.stream().map(Path::toString)).toArray(String[]::new);
        int exit = javap.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                arguments);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
