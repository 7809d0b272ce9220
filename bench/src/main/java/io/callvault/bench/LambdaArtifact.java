package io.callvault.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A deployment package unpacked as Lambda's Java runtime unpacks it into /var/task: classes at the root,
 * dependencies as jars in lib/, both on the classpath in that order.
 */
record LambdaArtifact(Path directory) {

    static LambdaArtifact unzip(Path zip, Path into) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("zip entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target);
                }
            }
        }
        return new LambdaArtifact(root);
    }

    /** Classpath entries; {@code lib/*} is expanded by the java launcher, as for the runtime's own start. */
    List<String> classpath() {
        return List.of(directory.toString(), directory.resolve("lib") + "/*");
    }
}
