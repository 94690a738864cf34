package dev.sigvec.port;

import static dev.sigvec.port.Encoding.asciiLower;
import static dev.sigvec.port.Encoding.asciiStrip;
import static dev.sigvec.port.Encoding.percentDecode;
import static dev.sigvec.port.Encoding.utf8;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every scheme's verifier shares: the received request, the server's settings (clock, time
 * windows, region, service, nonces already seen), the reason codes, and the small checks each
 * scheme runs in its own order.
 */
public final class Verify {
    /** The reason codes: a verifier rejects with exactly one, the first failing check. */
    public static final List<String> REASONS = List.of(
            "missing-auth", "malformed-auth", "unsupported-algorithm", "unknown-key", "scope-mismatch",
            "clock-skew", "expired", "unsigned-header", "signature-mismatch", "payload-hash-mismatch", "replay");

    private Verify() {}

    /** A verifier's "invalid" verdict: a reason code and what failed. */
    public static final class Rejection extends Exception {
        private static final long serialVersionUID = 1L;

        private final String reason;

        public Rejection(String reason, String message) {
            super(message);
            if (!REASONS.contains(reason)) {
                throw new IllegalArgumentException("unknown reason " + reason);
            }
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** One received header, as sent. */
    public record Header(String name, String value) {}

    /**
     * A received HTTP request: {@code target} is the path and {@code ?query} exactly as on the
     * request line; headers in sent order, repeats kept.
     */
    public record Request(String method, String target, List<Header> headers, byte[] body) {
        public String path() {
            int at = target.indexOf('?');
            return at < 0 ? target : target.substring(0, at);
        }

        public String query() {
            int at = target.indexOf('?');
            return at < 0 ? "" : target.substring(at + 1);
        }

        /** Every value sent under {@code name} (case-insensitive), in sent order. */
        public List<String> headerValues(String name) {
            String wanted = asciiLower(name);
            List<String> values = new ArrayList<>();
            for (Header h : headers) {
                if (asciiLower(asciiStrip(h.name())).equals(wanted)) {
                    values.add(h.value());
                }
            }
            return values;
        }

        /** The first value sent under {@code name}, or null. */
        public String header(String name) {
            List<String> values = headerValues(name);
            return values.isEmpty() ? null : values.get(0);
        }

        /** The lower-case names sent, each once, in first-sent order. */
        public Set<String> headerNames() {
            Set<String> names = new LinkedHashSet<>();
            for (Header h : headers) {
                names.add(asciiLower(asciiStrip(h.name())));
            }
            return names;
        }
    }

    /**
     * The server: its clock {@code now} (POSIX seconds), the time windows as the vendors document
     * them (each overridable), optionally its own region and service (a scope naming others is
     * scope-mismatch; null accepts any) and the nonces it has accepted.
     */
    public static final class Settings {
        public double awsSkewSeconds = 15 * 60; // RequestTimeTooSkewed beyond 15 minutes
        public long awsMaxExpiresSeconds = 7 * 24 * 3600; // X-Amz-Expires at most 604800
        public double tc3SkewSeconds = 5 * 60; // AuthFailure.SignatureExpire beyond 5 minutes
        public double aliyunSkewSeconds = 15 * 60; // InvalidTimeStamp.Expired beyond 15 minutes
        public double iflytekSkewSeconds = 5 * 60; // "more than 5 minutes from server time"
        public double now;
        public String region;
        public String service;
        public final Set<String> seenNonces = new HashSet<>();

        public Settings(double now) {
            this.now = now;
        }
    }

    /**
     * {@code key=value} pairs of a raw query (empty pieces skipped, no '=' means an empty value),
     * percent-decoded as UTF-8. {@code plusIsSpace}: form decoding, as servlet containers read it.
     */
    public static List<Map.Entry<String, String>> queryPairs(String query, boolean plusIsSpace) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (query.isEmpty()) {
            return pairs;
        }
        for (String piece : query.split("&", -1)) {
            if (piece.isEmpty()) {
                continue;
            }
            int eq = piece.indexOf('=');
            String key = eq < 0 ? piece : piece.substring(0, eq);
            String value = eq < 0 ? "" : piece.substring(eq + 1);
            if (plusIsSpace) {
                key = key.replace('+', ' ');
                value = value.replace('+', ' ');
            }
            pairs.add(Map.entry(decodeText(key), decodeText(value)));
        }
        return pairs;
    }

    private static String decodeText(String text) {
        return new String(percentDecode(text), StandardCharsets.UTF_8); // invalid UTF-8 -> U+FFFD
    }

    /** The values of the pairs named {@code name}, in order. */
    public static List<String> valuesOf(List<Map.Entry<String, String>> pairs, String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> pair : pairs) {
            if (pair.getKey().equals(name)) {
                values.add(pair.getValue());
            }
        }
        return values;
    }

    /** The one value sent under {@code name}, or null; a repeat is malformed-auth. */
    public static String single(List<String> values, String name) throws Rejection {
        if (values.size() > 1) {
            throw new Rejection("malformed-auth", name + " is sent " + values.size() + " times");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** Clock-skew when {@code requestTime} is more than {@code window} seconds from {@code now}. */
    public static void checkWindow(double requestTime, double now, double window, String what) throws Rejection {
        double offset = requestTime - now;
        if (Math.abs(offset) > window) {
            throw new Rejection("clock-skew", String.format("%s is %.0f s %s the server clock (window: %.0f s)",
                    what, Math.abs(offset), offset > 0 ? "ahead of" : "behind", window));
        }
    }

    /** Constant-time, byte-for-byte comparison (upper-case hex is another signature). */
    public static boolean sameSignature(String expected, String received) {
        return MessageDigest.isEqual(utf8(expected), utf8(received));
    }

    /** The secret of {@code keyId}, or unknown-key. */
    public static String lookupSecret(Map<String, String> credentials, String keyId, String what) throws Rejection {
        String secret = credentials.get(keyId);
        if (secret == null) {
            throw new Rejection("unknown-key", what + " '" + keyId + "' is not known to the server");
        }
        return secret;
    }

    /** Non-empty ASCII digits, at most {@code maxDigits} of them. */
    public static boolean isDigits(String text, int maxDigits) {
        return text != null && !text.isEmpty() && text.length() <= maxDigits && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * POSIX seconds of a UTC time matched by {@code pattern} (groups: year, month, day, hour,
     * minute, second), or null when it is not one or not a real date.
     */
    public static Double parseUtc(String text, Pattern pattern) {
        Matcher m = pattern.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDateTime time = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)));
            return (double) time.toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The parts of an Authorization header of the AWS / TC3 shape. */
    public record AuthorizationParts(String credential, String signedHeaders, String signature) {}

    /**
     * {@code ALGORITHM Credential=..., SignedHeaders=..., Signature=...}: each part exactly once,
     * nothing else, a non-empty Signature.
     */
    public static AuthorizationParts parseAuthorization(String value, String algorithm) throws Rejection {
        String text = value.strip();
        int space = text.indexOf(' ');
        String token = space < 0 ? text : text.substring(0, space);
        String rest = space < 0 ? "" : text.substring(space + 1);
        if (token.isEmpty()) {
            throw new Rejection("malformed-auth", "the Authorization header is empty");
        }
        if (!token.equals(algorithm)) {
            throw new Rejection("unsupported-algorithm", "Authorization algorithm '" + token + "', expected " + algorithm);
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String piece : rest.split(",", -1)) {
            String trimmed = piece.strip();
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                throw new Rejection("malformed-auth", "Authorization part '" + trimmed + "' has no '='");
            }
            String name = trimmed.substring(0, eq);
            if (parts.containsKey(name)) {
                throw new Rejection("malformed-auth", "Authorization part " + name + " is repeated");
            }
            parts.put(name, trimmed.substring(eq + 1));
        }
        List<String> expected = List.of("Credential", "SignedHeaders", "Signature");
        for (String name : parts.keySet()) {
            if (!expected.contains(name)) {
                throw new Rejection("malformed-auth", "Authorization has an unknown part '" + name + "'");
            }
        }
        for (String name : expected) {
            if (!parts.containsKey(name)) {
                throw new Rejection("malformed-auth", "Authorization lacks " + name + "=");
            }
        }
        if (parts.get("Signature").isEmpty()) {
            throw new Rejection("malformed-auth", "the signature is empty");
        }
        return new AuthorizationParts(parts.get("Credential"), parts.get("SignedHeaders"), parts.get("Signature"));
    }
}
