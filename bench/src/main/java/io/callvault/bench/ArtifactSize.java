package io.callvault.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Size of a Lambda deployment package: the zip Lambda stores and what it unpacks to, and its jar count. */
record ArtifactSize(long zippedBytes, long unzippedBytes, int jars) {

    static ArtifactSize ofZip(Path zip) throws IOException {
        long unzipped = 0;
        int jars = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (!entry.isDirectory()) {
                    unzipped += entry.getSize();
                    if (entry.getName().startsWith("lib/") && entry.getName().endsWith(".jar")) {
                        jars++;
                    }
                }
            }
        }
        return new ArtifactSize(Files.size(zip), unzipped, jars);
    }

    /**
     * Packs a handler the way callvault's artifact is packed (its classes at the root, {@code jars} under
     * lib/), so the baseline's size compares like for like; {@code classPrefix} selects its classes.
     */
    static ArtifactSize packagedLikeLambda(Path classesJar, String classPrefix, List<Path> jars, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream packed = new ZipOutputStream(out);
             JarFile classes = new JarFile(classesJar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = classes.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (!entry.isDirectory() && entry.getName().startsWith(classPrefix)) {
                    packed.putNextEntry(new ZipEntry(entry.getName()));
                    try (InputStream in = classes.getInputStream(entry)) {
                        in.transferTo(packed);
                    }
                    packed.closeEntry();
                }
            }
            for (Path jar : jars) {
                packed.putNextEntry(new ZipEntry("lib/" + jar.getFileName()));
                Files.copy(jar, packed);
                packed.closeEntry();
            }
        }
        return ofZip(zip);
    }
}
