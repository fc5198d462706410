package dev.brook.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one of Kafka's perf tools (kafka-tools 3.9.2) as its own JVM through bash, whose {@code times}
 * builtin reports the child's CPU seconds, so client CPU is measured like broker CPU.
 */
record PerfRun(String lastLine, String output, double clientCpuSeconds) {
    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s");

    static PerfRun run(String mainClass, List<String> args, Path log) throws IOException, InterruptedException {
        List<String> java = new ArrayList<>(List.of("java", "-Xms512m", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "-Dlog4j.configuration=file:/dev/null", mainClass));
        java.addAll(args);
        List<String> command = new ArrayList<>(List.of("bash", "-c", "\"$@\"; rc=$?; times; exit $rc", "perf"));
        command.addAll(java);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(mainClass + " timed out; see " + log);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || lines.size() < 3) {
            throw new IllegalStateException(mainClass + " failed (exit " + p.exitValue() + "); see " + log);
        }
        // The last two lines are `times`: the shell's own, then its children's user and system time.
        Matcher children = TIMES.matcher(lines.get(lines.size() - 1));
        if (!children.find()) {
            throw new IllegalStateException("no CPU times in " + log);
        }
        double cpu = Integer.parseInt(children.group(1)) * 60 + Double.parseDouble(children.group(2))
                + Integer.parseInt(children.group(3)) * 60 + Double.parseDouble(children.group(4));
        String result = lines.get(lines.size() - 3);
        return new PerfRun(result, String.join("\n", lines), cpu);
    }
}
