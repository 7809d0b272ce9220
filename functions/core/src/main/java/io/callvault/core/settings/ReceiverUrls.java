package io.callvault.core.settings;

import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.InvalidFieldException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which URLs a tenant may name as its analytics receiver ({@code speechminer} / {@code interaction-receiver},
 * {@code uri-prefix}).
 *
 * <p><b>Why (SSRF).</b> callvault, not the tenant, sends the request: the notifier runs inside our AWS account
 * with its function's role, and posts each recording (metadata and the tenant's receiver credentials) to this
 * URL. A tenant administrator who could name any URL could make our functions talk to endpoints only they can
 * reach: the instance metadata services at 169.254.169.254 / fd00:ec2::254 and the container credentials
 * endpoint at 169.254.170.2 (which hand out the role's credentials), the Lambda Runtime API on loopback
 * (127.0.0.1:9001, which controls the running invocation), or anything link-local. So a receiver URL must be
 * {@code http} or {@code https}, carry no credentials, fragment or control characters, and its host must not
 * be, or be a numeric spelling of, such an address ({@link #forbidden}). Private networks (10/8, 172.16/12,
 * 192.168/16) are allowed: a tenant's SpeechMiner is usually on premises, reached over a VPN.
 *
 * <p>A host <em>name</em> is checked again when the notification is sent: {@link #resolve} resolves it and
 * refuses any forbidden address, and the sender must connect to the address it returns, so a name that
 * resolves to 169.254.169.254 (directly or by DNS rebinding after the setting was saved) is never reached.
 *
 * <p>Loopback is refused unless {@code RECEIVER_ALLOW_LOOPBACK=true}: the local runtime sets it because its
 * receivers (tests' stand-in SpeechMiner) run on 127.0.0.1; template.yaml never does.
 */
public final class ReceiverUrls {
    public static final int MAX_LENGTH = 2048;
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    /** Names of metadata services that resolve inside a cloud network. */
    private static final Set<String> METADATA_NAMES = Set.of("instance-data", "instance-data.ec2.internal",
            "metadata", "metadata.google.internal", "metadata.azure.internal");

    private final boolean allowLoopback;

    public ReceiverUrls(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    public static ReceiverUrls from(FunctionEnvironment env) {
        return new ReceiverUrls("true".equalsIgnoreCase(env.get("RECEIVER_ALLOW_LOOPBACK").orElse("false")));
    }

    /** The URL, or {@link InvalidFieldException} on {@code field} saying why it may not be a receiver. */
    public URI check(String field, String url) {
        if (url.length() > MAX_LENGTH) {
            throw new InvalidFieldException(field, "is longer than " + MAX_LENGTH + " characters");
        }
        if (url.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw invalid(field, url, "may not contain spaces or control characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid(field, url, "is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(field, url, "must be an http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(field, url, "may not carry credentials; give them as userName and password");
        }
        if (uri.getRawFragment() != null) {
            throw invalid(field, url, "may not have a #fragment");
        }
        if (uri.getHost() == null) {
            throw invalid(field, url, "must name a host (letters, digits, - and . or an IP address)");
        }
        if (uri.getPort() == 0) {
            throw invalid(field, url, "may not use port 0");
        }
        String why = hostProblem(uri.getHost());
        if (why != null) {
            throw invalid(field, url, why);
        }
        return uri;
    }

    /**
     * What is wrong with a host as a receiver, or null. IP literals are checked here; names only for the
     * few that always mean loopback or a metadata service (the rest at send time, {@link #resolve}).
     */
    private String hostProblem(String rawHost) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            String literal = host.substring(1, host.length() - 1);
            if (literal.contains("%")) {
                return "may not use an IPv6 zone (%...)";
            }
            try {
                return addressProblem(InetAddress.getByName(literal));
            } catch (UnknownHostException e) {
                return "has an IPv6 address that does not parse";
            }
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        String last = host.substring(host.lastIndexOf('.') + 1);
        // No top-level domain is numeric: this is an IPv4 address, perhaps in a form (2852039166, 0xA9FEA9FE,
        // 0251.0376.0251.0376, 169.254.43518) that resolvers read differently from how it looks.
        if (last.matches("[0-9]+") || last.startsWith("0x")) {
            if (!DOTTED_QUAD.matcher(host).matches()
                    || Arrays.stream(host.split("\\.")).anyMatch(p -> Integer.parseInt(p) > 255)) {
                return "must write an IPv4 address as four decimal numbers 0-255 without leading zeros";
            }
            try {
                return addressProblem(InetAddress.getByName(host));
            } catch (UnknownHostException e) {
                return "has an IPv4 address that does not parse";
            }
        }
        if (!HOST_NAME.matcher(host).matches()) {
            return "must name a host of letters, digits, - and . (write international names in punycode)";
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return allowLoopback ? null : "may not point at loopback (localhost)";
        }
        if (METADATA_NAMES.contains(host)) {
            return "may not point at a cloud metadata service";
        }
        return null;
    }

    private String addressProblem(InetAddress address) {
        return forbidden(address) ? "may not point at " + address.getHostAddress()
                + " (loopback, link-local, metadata, multicast or unspecified addresses are refused)" : null;
    }

    /**
     * Whether callvault may never send to this address: unspecified ({@code 0.0.0.0/8}, {@code ::}),
     * link-local ({@code 169.254.0.0/16}: EC2 and ECS metadata and credentials; {@code fe80::/10}), the EC2
     * IPv6 metadata address {@code fd00:ec2::254}, multicast, the reserved {@code 240.0.0.0/4} and broadcast,
     * loopback ({@code 127.0.0.0/8}, {@code ::1}) unless allowed; IPv4 addresses inside IPv6 (mapped,
     * compatible, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged as the IPv4 address.
     */
    public boolean forbidden(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            byte[] embedded = embeddedIpv4(b);
            if (embedded != null) {
                try {
                    return forbidden(InetAddress.getByAddress(embedded));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            if (v6.isAnyLocalAddress() || v6.isLinkLocalAddress() || v6.isMulticastAddress() || v6.isSiteLocalAddress()) {
                return true;
            }
            if (v6.isLoopbackAddress()) {
                return !allowLoopback;
            }
            return isEc2MetadataV6(b);
        }
        if (address instanceof Inet4Address) {
            byte[] b = address.getAddress();
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 127) {
                return !allowLoopback;
            }
            return first == 0 || first == 169 && second == 254 || first >= 224;
        }
        return true;
    }

    /** fd00:ec2::254, the EC2 instance metadata service over IPv6. */
    private static boolean isEc2MetadataV6(byte[] b) {
        byte[] imds = new byte[16];
        imds[0] = (byte) 0xfd;
        imds[2] = 0x0e;
        imds[3] = (byte) 0xc2;
        imds[14] = 0x02;
        imds[15] = 0x54;
        return Arrays.equals(b, imds);
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), or null. */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        if (firstTenZero && (b[10] == (byte) 0xff && b[11] == (byte) 0xff || b[10] == 0 && b[11] == 0
                && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1)))) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (nat64) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
    }

    /**
     * Resolves the receiver's host for sending and refuses it when any address it resolves to is forbidden
     * (a name pointed at 169.254.169.254, or rebound to it after the setting was saved). The sender connects
     * to the returned addresses, not to the name again.
     *
     * @throws UnknownHostException when the name does not resolve
     * @throws IllegalArgumentException when it resolves to a forbidden address
     */
    public List<InetAddress> resolve(URI receiver) throws UnknownHostException {
        String host = receiver.getHost();
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        List<InetAddress> addresses = List.of(InetAddress.getAllByName(host));
        for (InetAddress a : addresses) {
            if (forbidden(a)) {
                throw new IllegalArgumentException("the receiver host " + Excerpt.of(receiver.getHost())
                        + " resolves to " + a.getHostAddress() + ", where callvault never sends");
            }
        }
        return addresses;
    }

    private static InvalidFieldException invalid(String field, String url, String why) {
        return new InvalidFieldException(field, why + "; got " + Excerpt.of(url));
    }
}
