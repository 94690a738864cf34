<?php

declare(strict_types=1);

namespace Sigvec;

/** Alibaba Cloud RPC signature 1.0: HMAC-SHA1 over METHOD&%2F&encode(canonicalized query). */
final class AliyunRpc
{
    public const SCHEME = 'aliyun-rpc';
    public const STEPS = ['canonicalized_query_string', 'string_to_sign', 'hmac_sha1_hex'];

    private function __construct()
    {
    }

    /**
     * Parameters sorted by name in UTF-8 byte order (upper case before lower case), each name
     * and value percent-encoded per RFC 3986.
     *
     * @param array<string, string> $params
     */
    public static function canonicalizedQueryString(array $params): string
    {
        $pairs = [];
        foreach ($params as $name => $value) {
            // (string): PHP turns a numeric name like "10" into an integer array key.
            $pairs[] = [(string) $name, $value];
        }
        usort($pairs, static fn (array $a, array $b): int => strcmp($a[0], $b[0]));
        return implode('&', array_map(
            static fn (array $p): string => Encoding::percentEncode($p[0]) . '=' . Encoding::percentEncode($p[1]),
            $pairs,
        ));
    }

    /** The canonical string is percent-encoded a *second* time, so '%3A' becomes '%253A'. */
    public static function stringToSign(string $method, string $canonicalized): string
    {
        return $method . '&' . Encoding::percentEncode('/') . '&' . Encoding::percentEncode($canonicalized);
    }

    /** The HMAC key is the secret followed by '&', as raw bytes. */
    public static function signingKey(string $accessKeySecret): string
    {
        return $accessKeySecret . '&';
    }

    /** Raw HMAC-SHA1 digest of the string to sign. */
    public static function hmacSha1(string $accessKeySecret, string $stringToSign): string
    {
        return Encoding::hmacSha1(self::signingKey($accessKeySecret), $stringToSign);
    }

    /** The Signature parameter: base64 of the HMAC-SHA1 digest. */
    public static function signature(string $accessKeySecret, string $stringToSign): string
    {
        return base64_encode(self::hmacSha1($accessKeySecret, $stringToSign));
    }

    /**
     * Sign one vector input (fields as in vectors/schema/aliyun-rpc.schema.json). Returns
     * ['intermediates' => [step => string], 'output' => ['signature' => ..., 'signed_query' => ...]].
     */
    public static function signInput(array $input): array
    {
        $params = [];
        foreach (InputError::array($input, 'params') as $name => $value) {
            if (!is_string($value)) {
                throw new InputError("params.$name", 'expected a string, got ' . get_debug_type($value));
            }
            $params[(string) $name] = $value;
        }
        $canonical = self::canonicalizedQueryString($params);
        $toSign = self::stringToSign(InputError::string($input, 'method'), $canonical);
        $digest = self::hmacSha1(InputError::string($input, 'access_key_secret'), $toSign);
        $signature = base64_encode($digest);
        // The signed query re-sorts with Signature among the parameters.
        $signedQuery = self::canonicalizedQueryString(['Signature' => $signature] + $params);
        return [
            'intermediates' => [
                'canonicalized_query_string' => $canonical,
                'string_to_sign' => $toSign,
                'hmac_sha1_hex' => bin2hex($digest),
            ],
            'output' => ['signature' => $signature, 'signed_query' => $signedQuery],
        ];
    }
}
