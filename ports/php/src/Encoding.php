<?php

declare(strict_types=1);

namespace Sigvec;

/**
 * Byte-level helpers shared by the schemes: RFC 3986 percent-encoding, hashing, HMAC.
 *
 * PHP strings are byte strings. Everything here treats them as the UTF-8 bytes of the text
 * (the protocol delivers UTF-8, and json_decode() keeps it so); nothing depends on the
 * locale or on mbstring.
 */
final class Encoding
{
    /** RFC 3986 section 2.3 unreserved characters: the only bytes no scheme here encodes. */
    public const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';

    /**
     * Characters Python's str.strip() removes (the reference trims with it): ASCII whitespace
     * including the \x1C-\x1F separators, plus the Unicode space characters, as a PCRE class.
     * PHP's trim() would also strip NUL and miss the non-ASCII ones.
     */
    private const WHITESPACE = '\t\n\x{0B}\x{0C}\r\x{1C}-\x{1F} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}'
        . '\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}';

    private function __construct()
    {
    }

    /**
     * Encode every byte except unreserved ones and those in $keep as upper-case %XX.
     *
     * Space is %20 (never '+'), '*' is %2A, '~' stays: what AWS, Tencent and Alibaba Cloud
     * specify, and what rawurlencode()/urlencode()/http_build_query() do not all guarantee.
     */
    public static function percentEncode(string $text, string $keep = ''): string
    {
        $out = '';
        $length = strlen($text);
        for ($i = 0; $i < $length; $i++) {
            $byte = $text[$i];
            $out .= str_contains(self::UNRESERVED, $byte) || str_contains($keep, $byte)
                ? $byte
                : sprintf('%%%02X', ord($byte));
        }
        return $out;
    }

    /** Decode %XX escapes to bytes; anything else (including '+' and a stray '%') stays. */
    public static function percentDecode(string $text): string
    {
        return preg_replace_callback(
            '/%([0-9A-Fa-f]{2})/',
            static fn (array $m): string => chr((int) hexdec($m[1])),
            $text,
        );
    }

    /** Trim leading and trailing whitespace exactly as the reference (Python str.strip()) does. */
    public static function trimWhitespace(string $text): string
    {
        $trimmed = preg_replace('/^[' . self::WHITESPACE . ']+|[' . self::WHITESPACE . ']+$/u', '', $text);
        if ($trimmed === null) {
            throw new \InvalidArgumentException('not valid UTF-8: ' . preg_last_error_msg());
        }
        return $trimmed;
    }

    public static function sha256Hex(string $data): string
    {
        return hash('sha256', $data);
    }

    /** Raw 32-byte HMAC-SHA256. */
    public static function hmacSha256(string $key, string $message): string
    {
        // NB: hash_hmac() takes the DATA first and the KEY second.
        return hash_hmac('sha256', $message, $key, true);
    }

    /** Raw 20-byte HMAC-SHA1. */
    public static function hmacSha1(string $key, string $message): string
    {
        // NB: hash_hmac() takes the DATA first and the KEY second.
        return hash_hmac('sha1', $message, $key, true);
    }
}
