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

    /**
     * Trim ASCII whitespace (space, tab, CR, LF) only, as the schemes specify. PHP's trim()
     * would also strip NUL and vertical tab; a no-break space must stay.
     */
    public static function trimWhitespace(string $text): string
    {
        return trim($text, " \t\r\n");
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
