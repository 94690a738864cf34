package dev.sigvec.port;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Byte-level helpers shared by the schemes: UTF-8, hashing, HMAC and RFC 3986 percent-encoding. */
public final class Encoding {
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private Encoding() {}

    /** The UTF-8 bytes of {@code text}; never the platform charset (ASCII under {@code LANG=C}). */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Lower-case A-Z only. The schemes' "lower-case" is ASCII; {@code toLowerCase()} would follow
     * the default locale (Turkish dotless i) and Unicode rules.
     */
    public static String asciiLower(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return out.toString();
    }

    /**
     * Trim space, tab, CR and LF only: not NBSP or other Unicode spaces (as {@code strip()} does),
     * nor other control characters (as {@code trim()} does).
     */
    public static String asciiStrip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isAsciiWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && isAsciiWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isAsciiWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /**
     * Strings ordered by their UTF-8 bytes (= code point order), the order the specs sort names in.
     * {@code String.compareTo} compares UTF-16 units, which differs above U+FFFF.
     */
    public static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(utf8(a), utf8(b));

    /** RFC 3986 section 2.3 unreserved: the only bytes no scheme here encodes. */
    public static boolean isUnreserved(int b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
                || b == '-' || b == '_' || b == '.' || b == '~';
    }

    /**
     * Encode every byte except unreserved ones and the ASCII characters in {@code keep} as
     * upper-case {@code %XX}: space is {@code %20} (never {@code +}), {@code *} is {@code %2A},
     * {@code ~} stays. {@code URLEncoder} is a form encoder and gets all three wrong.
     */
    public static String percentEncode(byte[] data, String keep) {
        StringBuilder out = new StringBuilder(data.length * 3);
        for (byte value : data) {
            int b = value & 0xff;
            if (isUnreserved(b) || (b < 0x80 && keep.indexOf(b) >= 0)) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX_UPPER[b >> 4]).append(HEX_UPPER[b & 0x0f]);
            }
        }
        return out.toString();
    }

    public static String percentEncode(byte[] data) {
        return percentEncode(data, "");
    }

    /** Percent-encode the UTF-8 bytes of {@code text}. */
    public static String percentEncode(String text) {
        return percentEncode(utf8(text), "");
    }

    public static String percentEncode(String text, String keep) {
        return percentEncode(utf8(text), keep);
    }

    /** Decode {@code %XX} escapes to bytes; anything else (including {@code +} and a stray {@code %}) stays. */
    public static byte[] percentDecode(String text) {
        byte[] data = utf8(text);
        byte[] out = new byte[data.length];
        int n = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '%' && i + 2 < data.length
                    && Character.digit(data[i + 1], 16) >= 0 && Character.digit(data[i + 2], 16) >= 0) {
                out[n++] = (byte) ((Character.digit(data[i + 1], 16) << 4) | Character.digit(data[i + 2], 16));
                i += 2;
            } else {
                out[n++] = data[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Lower-case hex, as every {@code _hex} step is reported. */
    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(data);
    }

    public static String base64(byte[] data) {
        return java.util.Base64.getEncoder().encodeToString(data);
    }

    public static byte[] sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    public static String sha256Hex(byte[] data) {
        return hex(sha256(data));
    }

    public static String sha256Hex(String text) {
        return sha256Hex(utf8(text));
    }

    public static byte[] md5(byte[] data) {
        return digest("MD5", data);
    }

    public static byte[] hmacSha256(byte[] key, String message) {
        return hmac("HmacSHA256", key, utf8(message));
    }

    public static byte[] hmacSha1(byte[] key, String message) {
        return hmac("HmacSHA1", key, utf8(message));
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
