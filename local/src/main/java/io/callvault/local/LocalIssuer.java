package io.callvault.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The local stand-in for the identity provider (Cognito in AWS): an RS256 key pair kept in the data dir,
 * so tokens minted by {@code callvault-local.jar token} are accepted by the running server and survive
 * restarts.
 */
public final class LocalIssuer {
    public static final String ISSUER = "callvault-local";
    public static final String AUDIENCE = "callvault";
    private static final String KEY_FILE = "jwt-signing-key.json";

    private final RSAKey key;
    private final Clock clock;

    private LocalIssuer(RSAKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /** Loads the data dir's key, creating it (owner-readable only) on first use. */
    public static LocalIssuer inDataDir(Path dataDir, Clock clock) {
        Path file = dataDir.resolve(KEY_FILE);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                RSAKey generated = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
                Path tmp = Files.createTempFile(dataDir, "key", ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Non-POSIX file systems keep their default permissions.
                }
                Files.writeString(tmp, generated.toJSONString(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            return new LocalIssuer(RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8)), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the signing key in " + dataDir, e);
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("signing key in " + file + " is unusable: " + e.getMessage(), e);
        }
    }

    public RSAKey publicKey() {
        return key.toPublicJWK();
    }

    public String mint(String ccid, String username, List<String> permissions, List<String> accessGroups,
                       boolean agent, Duration ttl) {
        var now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(username)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("ccid", ccid)
                .claim("username", username)
                .claim("permissions", permissions)
                .claim("accessGroups", accessGroups)
                .claim("agent", agent)
                .build();
        return sign(claims);
    }

    /** Signs any claims with the issuer's key: for tests that need a well-signed token with wrong claims. */
    String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }
}
