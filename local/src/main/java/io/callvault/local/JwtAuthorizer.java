package io.callvault.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What API Gateway's JWT authorizer does, locally: accept only RS256 tokens signed by the issuer's key,
 * with the expected issuer and audience, inside their validity window; hand the function the claims as
 * strings, arrays flattened to {@code [a b]} the way HTTP APIs do.
 */
public final class JwtAuthorizer {
    /** Thrown for any token fault; the message goes into {@code www-authenticate}, never into the body. */
    public static final class Rejected extends Exception {
        Rejected(String message) {
            super(message);
        }
    }

    private final RSAKey publicKey;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    public JwtAuthorizer(RSAKey publicKey, String issuer, String audience, Clock clock) {
        this.publicKey = publicKey;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    public Map<String, String> verify(String authorizationHeader) throws Rejected {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw new Rejected("no bearer token");
        }
        String token = authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorizationHeader.substring(7).trim() : authorizationHeader.trim();
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new Rejected("not a signed JWT");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new Rejected("algorithm " + jwt.getHeader().getAlgorithm() + " is not accepted");
        }
        try {
            if (!jwt.verify(new RSASSAVerifier(publicKey))) {
                throw new Rejected("signature does not verify");
            }
        } catch (JOSEException e) {
            throw new Rejected("signature does not verify");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Rejected("claims are not readable");
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new Rejected("issuer is not " + issuer);
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw new Rejected("audience is not " + audience);
        }
        Date now = Date.from(clock.instant());
        if (claims.getExpirationTime() == null || !now.before(claims.getExpirationTime())) {
            throw new Rejected("the token has expired");
        }
        if (claims.getNotBeforeTime() != null && now.before(claims.getNotBeforeTime())) {
            throw new Rejected("the token is not valid yet");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        for (var e : claims.getClaims().entrySet()) {
            flat.put(e.getKey(), flatten(e.getValue()));
        }
        return flat;
    }

    private static String flatten(Object value) {
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).collect(Collectors.joining(" ", "[", "]"));
        }
        if (value instanceof Date d) {
            return Long.toString(d.toInstant().getEpochSecond());
        }
        return String.valueOf(value);
    }
}
