package io.callvault.standins;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * s3proxy in this JVM: an S3-compatible server with SigV4 authentication, presigned URLs and multipart.
 * It has no event notifications; the local runtime emulates those (see the README).
 */
public final class S3Local implements AutoCloseable {
    public static final String ACCESS_KEY = "callvaultlocal"; // DynamoDB Local 2.x accepts letters and digits only
    public static final String SECRET_KEY = "callvault-local-secret";

    private final S3Proxy proxy;
    private final URI endpoint;

    private S3Local(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    public static S3Local inMemory() {
        return start(null);
    }

    public static S3Local persistentAt(Path dir) {
        return start(dir);
    }

    private static S3Local start(Path dir) {
        URI endpoint = URI.create("http://127.0.0.1:" + Ports.free());
        try {
            var blobStore = dir == null ? new TransientNio2BlobStore() : filesystem(dir);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(blobStore)
                    .endpoint(endpoint)
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .ignoreUnknownHeaders(true)
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy state " + proxy.getState());
                }
                Thread.sleep(5);
            }
            return new S3Local(proxy, endpoint);
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start: " + e.getMessage(), e);
        }
    }

    private static FilesystemNio2BlobStore filesystem(Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        return new FilesystemNio2BlobStore(dir.toAbsolutePath().toString());
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop cleanly", e);
        }
    }
}
