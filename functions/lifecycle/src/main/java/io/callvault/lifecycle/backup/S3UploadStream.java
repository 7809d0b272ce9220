package io.callvault.lifecycle.backup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Writes one S3 object from a stream in bounded memory: one buffer of {@code partSize} bytes. What fits in one buffer
 * is one PutObject; more becomes a multipart upload, a part per full buffer. Nothing is visible under the key until
 * {@link #complete()} succeeds (S3 puts and multipart completions are atomic), so a crash midway leaves either the
 * previous object or none, never a truncated one. {@link #abort()} drops an unfinished multipart upload; one a crash
 * leaves behind is removed by the bucket's AbortIncompleteMultipartUpload lifecycle rule.
 */
final class S3UploadStream extends OutputStream {
    /** S3's smallest part (except the last). */
    static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final byte[] buffer;
    private int count;
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private boolean finished;

    /** @param expectedSize the size the caller will write, to size the buffer; {@code partSize} at most */
    S3UploadStream(S3Client s3, String bucket, String key, String contentType, int partSize, long expectedSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("part size " + partSize + " is below S3's minimum " + MIN_PART_SIZE);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.contentType = contentType;
        this.buffer = new byte[(int) Math.max(1, Math.min(partSize, expectedSize))];
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buffer.length) {
            uploadPart();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (count == buffer.length) {
                uploadPart();
            }
            int n = Math.min(len, buffer.length - count);
            System.arraycopy(b, off, buffer, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    /** Makes the object visible under its key: a single put, or the multipart upload's completion. */
    void complete() {
        check();
        if (uploadId == null) {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType), body());
        } else {
            if (count > 0) {
                uploadPart();
            }
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        }
        finished = true;
    }

    /** Drops an unfinished multipart upload; harmless after {@link #complete()} or when nothing was started. */
    void abort() {
        if (finished) {
            return;
        }
        finished = true;
        if (uploadId != null) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException e) {
                // The bucket's AbortIncompleteMultipartUpload rule removes it later.
                System.err.println("{\"event\":\"archive-abort-failed\",\"key\":\"" + key + "\",\"error\":\""
                        + e.getClass().getSimpleName() + "\"}");
            }
        }
    }

    private void uploadPart() {
        check();
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key).contentType(contentType)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
        }
        int partNumber = parts.size() + 1;
        UploadPartResponse response = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                .partNumber(partNumber).checksumAlgorithm(ChecksumAlgorithm.CRC32), body());
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(response.eTag())
                .checksumCRC32(response.checksumCRC32()).build());
        count = 0;
    }

    /** The buffer's bytes, readable again for each attempt the SDK makes. */
    private RequestBody body() {
        int length = count;
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, contentType);
    }

    private void check() {
        if (finished) {
            throw new IllegalStateException("upload of " + key + " is already finished");
        }
    }
}
