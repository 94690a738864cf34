<?php

declare(strict_types=1);

namespace Sigvec;

/**
 * Alibaba Cloud V3 request signature (ACS3-HMAC-SHA256): a canonical request over the path, the
 * sorted query, the host, content-type and x-acs-* headers and the body's SHA-256, signed with
 * HMAC-SHA256 keyed with the AccessKey secret.
 */
final class AliyunAcs3
{
    public const SCHEME = 'aliyun-acs3';
    public const ALGORITHM = 'ACS3-HMAC-SHA256';
    public const STEPS = [
        'canonical_uri',
        'canonical_query_string',
        'hashed_request_payload',
        'canonical_headers',
        'signed_headers',
        'canonical_request',
        'hashed_canonical_request',
        'string_to_sign',
    ];
    public const CONTENT_SHA256 = 'x-acs-content-sha256';
    public const SECURITY_TOKEN = 'x-acs-security-token';
    /** Headers the signer sets itself; a caller who also sent them would sign a stale copy. */
    public const SIGNER_HEADERS = [self::CONTENT_SHA256, self::SECURITY_TOKEN, 'authorization'];

    private function __construct()
    {
    }

    /** The resource path (unencoded, as the API names it) percent-encoded per RFC 3986, '/' kept. */
    public static function canonicalUri(string $path): string
    {
        return Encoding::percentEncode($path === '' ? '/' : $path, '/');
    }

    /**
     * Parameters sorted by their unencoded names (byte order = code point order), then
     * enc(name)=enc(value) joined by '&' (an empty value gives "name=").
     *
     * @param array<array-key, string> $query decoded parameters
     */
    public static function canonicalQueryString(array $query): string
    {
        $pairs = [];
        foreach ($query as $name => $value) {
            // json_decode() turns a name like "123" into an integer key: take it back as text.
            $pairs[] = [(string) $name, $value];
        }
        usort($pairs, static fn (array $a, array $b): int => strcmp($a[0], $b[0]));
        return implode('&', array_map(
            static fn (array $p): string => Encoding::percentEncode($p[0]) . '=' . Encoding::percentEncode($p[1]),
            $pairs,
        ));
    }

    /** Whether a lower-case header name is signed: host, content-type, x-acs-*. */
    public static function isSigned(string $name): bool
    {
        return $name === 'host' || $name === 'content-type' || str_starts_with($name, 'x-acs-');
    }

    /**
     * The signed headers as "lower(name):trimmed value\n" sorted by name, and their names joined by ';'.
     *
     * @param list<array{string, string}> $headers
     * @return array{string, string} [canonical headers, signed headers]
     */
    public static function canonicalHeaders(array $headers): array
    {
        $signed = [];
        foreach ($headers as [$name, $value]) {
            $name = strtolower(Encoding::trimWhitespace($name));
            if (self::isSigned($name)) {
                $signed[] = [$name, Encoding::trimWhitespace($value)];
            }
        }
        usort($signed, static fn (array $a, array $b): int => strcmp($a[0], $b[0]));
        $lines = implode('', array_map(static fn (array $h): string => "$h[0]:$h[1]\n", $signed));
        return [$lines, implode(';', array_column($signed, 0))];
    }

    public static function stringToSign(string $hashedCanonicalRequest): string
    {
        return self::ALGORITHM . "\n" . $hashedCanonicalRequest;
    }

    /** Lower-case hex HMAC-SHA256 of the string to sign, keyed with the AccessKey secret. */
    public static function signature(string $accessKeySecret, string $stringToSign): string
    {
        return bin2hex(Encoding::hmacSha256($accessKeySecret, $stringToSign));
    }

    /** The Authorization header: three parts separated by ',' with no space. */
    public static function authorization(string $accessKeyId, string $signedHeaders, string $signature): string
    {
        return self::ALGORITHM . " Credential=$accessKeyId,SignedHeaders=$signedHeaders,Signature=$signature";
    }

    /**
     * Sign one vector input (fields as in vectors/schema/aliyun-acs3.schema.json). Returns
     * ['intermediates' => [step => string], 'output' => ['signature', 'authorization', 'headers']].
     */
    public static function signInput(array $input): array
    {
        $headers = InputError::pairs($input, 'headers');
        AwsSigV4::refuseSignerHeaders($headers, self::SIGNER_HEADERS);
        $seen = [];
        foreach ($headers as [$name]) {
            $key = ' ' . strtolower(Encoding::trimWhitespace($name)); // prefixed: stays a string key
            if (isset($seen[$key])) {
                throw new InputError('headers', "'$name' is given twice");
            }
            $seen[$key] = true;
        }
        $query = InputError::array($input, 'query', []);
        foreach ($query as $name => $value) {
            if (!is_string($value)) {
                throw new InputError("query.$name", 'expected a string, got ' . get_debug_type($value));
            }
        }
        $method = InputError::string($input, 'method');
        $accessKeyId = InputError::string($input, 'access_key_id');
        $token = InputError::optionalString($input, 'security_token') ?? '';

        $canonUri = self::canonicalUri(InputError::string($input, 'path', '/'));
        $canonQuery = self::canonicalQueryString($query);
        $payloadHash = Encoding::sha256Hex(AwsSigV4::requestBody($input));
        /** @var array<string, string> $added headers the signer adds */
        $added = [self::CONTENT_SHA256 => $payloadHash];
        if ($token !== '') {
            $added[self::SECURITY_TOKEN] = $token;
        }
        $toCanonicalize = $headers;
        foreach ($added as $name => $value) {
            $toCanonicalize[] = [$name, $value];
        }
        [$canonHeaders, $signedHeaders] = self::canonicalHeaders($toCanonicalize);
        $creq = AwsSigV4::canonicalRequest($method, $canonUri, $canonQuery, $canonHeaders, $signedHeaders, $payloadHash);
        $creqHash = Encoding::sha256Hex($creq);
        $toSign = self::stringToSign($creqHash);
        $signature = self::signature(InputError::string($input, 'access_key_secret'), $toSign);
        $authorization = self::authorization($accessKeyId, $signedHeaders, $signature);
        $added['Authorization'] = $authorization;
        return [
            'intermediates' => array_combine(self::STEPS, [
                $canonUri, $canonQuery, $payloadHash, $canonHeaders, $signedHeaders, $creq, $creqHash, $toSign,
            ]),
            'output' => ['signature' => $signature, 'authorization' => $authorization, 'headers' => $added],
        ];
    }
}
