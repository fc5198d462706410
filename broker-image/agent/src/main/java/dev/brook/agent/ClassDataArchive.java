package dev.brook.agent;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The class-data sharing archive a later start of this pod maps (see the launcher, {@code bin/brook-agent}): when no
 * archive exists yet, the launcher starts the JVM recording what it loads and names the file here; the agent writes it
 * at the end of a graceful stop, once the node has started and stopped, so it holds everything a start loads. Written
 * to a temporary name and moved into place only when complete, so a stop cut short leaves no half archive. The
 * launcher only reads the archive: a refused start writes nothing to the data volume.
 */
final class ClassDataArchive {
    /** Set by the launcher when this run should write the archive: the file a later start maps. */
    static final String ARCHIVE_PROPERTY = "brook.class-data.archive";

    private final Path archive;

    private ClassDataArchive(Path archive) {
        this.archive = archive;
    }

    /** The archive this run should write, if the launcher asked for one. */
    static Optional<ClassDataArchive> requested() {
        String file = System.getProperty(ARCHIVE_PROPERTY);
        return file == null || file.isBlank() ? Optional.empty() : Optional.of(new ClassDataArchive(Path.of(file)));
    }

    Path file() {
        return archive;
    }

    /**
     * Dumps the classes this JVM loaded (HotSpot's {@code VM.cds dynamic_dump}) and moves the file into place; removes
     * the archives of another JDK or image for the same role (same name up to the key). Returns the archive's size.
     */
    long write() throws IOException {
        Path dir = archive.getParent();
        Files.createDirectories(dir);
        String name = archive.getFileName().toString();
        String rolePrefix = name.substring(0, name.indexOf('-') + 1);
        try (DirectoryStream<Path> others = Files.newDirectoryStream(dir, rolePrefix + "*")) {
            for (Path other : others) {
                if (!other.equals(archive)) {
                    Files.deleteIfExists(other);
                }
            }
        }
        Path partial = dir.resolve(name + ".partial");
        Files.deleteIfExists(partial);
        String answer;
        try {
            answer = String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
                    new Object[] {new String[] {"dynamic_dump", partial.toString()}}, new String[] {String[].class.getName()}));
        } catch (JMException e) {
            throw new IOException("the JVM refused the class-data dump: " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(partial) || Files.size(partial) == 0) {
            throw new IOException("the JVM wrote no class-data archive: " + answer.strip().replace('\n', ' '));
        }
        Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return Files.size(archive);
    }
}
