<?php

declare(strict_types=1);

namespace Sigvec;

/**
 * AWS Signature Version 4 (AWS4-HMAC-SHA256): canonical request, string to sign,
 * derived signing key, HMAC-SHA256. Signature in the Authorization header or in the query.
 */
final class AwsSigV4
{
    public const SCHEME = 'aws-sigv4';
    public const ALGORITHM = 'AWS4-HMAC-SHA256';
    public const STEPS = [
        'canonical_uri',
        'canonical_query_string',
        'canonical_headers',
        'signed_headers',
        'hashed_payload',
        'canonical_request',
        'credential_scope',
        'hashed_canonical_request',
        'string_to_sign',
        'k_date_hex',
        'k_region_hex',
        'k_service_hex',
        'k_signing_hex',
    ];
    /** Headers the signer sets itself; a caller who also sent them would sign a stale copy. */
    public const SIGNER_HEADERS = ['x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256', 'authorization'];
    /** The payload hash of a request whose body is not signed (S3 presigned URLs). */
    public const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

    private function __construct()
    {
    }

    /** RFC 3986 dot-segment removal that also collapses empty segments ('//'), as AWS does. */
    public static function normalizePath(string $path): string
    {
        if ($path === '') {
            return '/';
        }
        $segments = [];
        foreach (explode('/', $path) as $segment) {
            if ($segment === '' || $segment === '.') {
                continue;
            }
            if ($segment === '..') {
                array_pop($segments);
            } else {
                $segments[] = $segment;
            }
        }
        $leading = str_starts_with($path, '/') ? '/' : '';
        $trailing = str_ends_with($path, '/') && $segments !== [] ? '/' : '';
        return $leading . implode('/', $segments) . $trailing;
    }

    /**
     * The path as sent, percent-encoded. Non-S3 services encode it again ('%20' becomes
     * '%2520'); S3 ($doubleEncode false) keeps existing escapes and only encodes raw bytes.
     */
    public static function canonicalUri(string $path, bool $normalize = true, bool $doubleEncode = true): string
    {
        if ($normalize) {
            $path = self::normalizePath($path);
        }
        if ($path === '') {
            $path = '/';
        }
        return Encoding::percentEncode($path, $doubleEncode ? '/' : '/%');
    }

    /**
     * Decode each key=value of the raw query as sent, re-encode it strictly ('+' is a literal
     * plus, %2B), sort by key then value. $extra: [name, value] pairs (the X-Amz-* parameters
     * of a presigned URL), encoded and sorted in with the rest.
     *
     * @param list<array{string, string}> $extra
     */
    public static function canonicalQueryString(string $query, array $extra = []): string
    {
        $pairs = [];
        foreach ($query === '' ? [] : explode('&', $query) as $part) {
            if ($part === '') {
                continue;
            }
            [$key, $value] = array_pad(explode('=', $part, 2), 2, '');
            $pairs[] = [
                Encoding::percentEncode(Encoding::percentDecode($key)),
                Encoding::percentEncode(Encoding::percentDecode($value)),
            ];
        }
        foreach ($extra as [$key, $value]) {
            $pairs[] = [Encoding::percentEncode($key), Encoding::percentEncode($value)];
        }
        // Byte order, never PHP's "smart" comparison (which would compare "10" and "9" as numbers).
        usort($pairs, static fn (array $a, array $b): int => strcmp($a[0], $b[0]) ?: strcmp($a[1], $b[1]));
        return implode('&', array_map(static fn (array $p): string => "$p[0]=$p[1]", $pairs));
    }

    /**
     * Lower-case names, trim values and fold inner whitespace runs (folded lines too) to one
     * space, join repeated names with ',' in sent order (never sorted), sort by name.
     *
     * @param list<array{string, string}> $headers [name, value] pairs in sent order
     * @return array{string, string} [canonical headers, signed headers]
     */
    public static function canonicalHeaders(array $headers): array
    {
        $merged = [];
        foreach ($headers as [$name, $value]) {
            // Prefixed so that a name like "123" stays a string key in the PHP array.
            $key = ' ' . strtolower(Encoding::trimWhitespace($name));
            $merged[$key][] = Encoding::trimWhitespace(preg_replace('/[ \t\r\n]+/', ' ', $value));
        }
        $names = array_map(static fn (string $key): string => substr($key, 1), array_keys($merged));
        usort($names, 'strcmp');
        $lines = '';
        foreach ($names as $name) {
            $lines .= $name . ':' . implode(',', $merged[' ' . $name]) . "\n";
        }
        return [$lines, implode(';', $names)];
    }

    /** Hex SHA-256 of the body bytes (of the empty string when there is no body). */
    public static function hashedPayload(string $body): string
    {
        return Encoding::sha256Hex($body);
    }

    public static function canonicalRequest(
        string $method,
        string $canonicalUri,
        string $canonicalQuery,
        string $canonicalHeaders,
        string $signedHeaders,
        string $payloadHash,
    ): string {
        // $canonicalHeaders ends in "\n", so a blank line separates it from the signed headers.
        return implode("\n", [$method, $canonicalUri, $canonicalQuery, $canonicalHeaders, $signedHeaders, $payloadHash]);
    }

    /** $date is YYYYMMDD, the first 8 characters of the timestamp. */
    public static function credentialScope(string $date, string $region, string $service): string
    {
        return "$date/$region/$service/aws4_request";
    }

    public static function stringToSign(string $timestamp, string $scope, string $hashedCanonicalRequest): string
    {
        return self::ALGORITHM . "\n$timestamp\n$scope\n$hashedCanonicalRequest";
    }

    /**
     * The derivation chain, raw bytes: [kDate, kRegion, kService, kSigning].
     *
     * @return array{string, string, string, string}
     */
    public static function signingKeys(string $secretAccessKey, string $date, string $region, string $service): array
    {
        $kDate = Encoding::hmacSha256('AWS4' . $secretAccessKey, $date);
        $kRegion = Encoding::hmacSha256($kDate, $region);
        $kService = Encoding::hmacSha256($kRegion, $service);
        return [$kDate, $kRegion, $kService, Encoding::hmacSha256($kService, 'aws4_request')];
    }

    /** The raw signing key, kSigning. */
    public static function signingKey(string $secretAccessKey, string $date, string $region, string $service): string
    {
        return self::signingKeys($secretAccessKey, $date, $region, $service)[3];
    }

    /** Lower-case hex HMAC-SHA256 of the string to sign. */
    public static function signature(string $signingKey, string $stringToSign): string
    {
        return bin2hex(Encoding::hmacSha256($signingKey, $stringToSign));
    }

    public static function authorization(string $accessKeyId, string $scope, string $signedHeaders, string $signature): string
    {
        return self::ALGORITHM . " Credential=$accessKeyId/$scope, SignedHeaders=$signedHeaders, Signature=$signature";
    }

    /**
     * Sign one vector input (fields as in vectors/schema/aws-sigv4.schema.json, documented
     * defaults applied). Returns ['intermediates' => [step => string], 'output' => [...]].
     */
    public static function signInput(array $input): array
    {
        $stamp = InputError::string($input, 'timestamp');
        self::checkTimestamp($stamp);
        $headers = InputError::pairs($input, 'headers');
        self::refuseSignerHeaders($headers, self::SIGNER_HEADERS);
        $method = InputError::string($input, 'method');
        $path = InputError::string($input, 'path');
        $accessKeyId = InputError::string($input, 'access_key_id');
        $secret = InputError::string($input, 'secret_access_key');
        $region = InputError::string($input, 'region');
        $service = InputError::string($input, 'service');
        $location = InputError::string($input, 'signature_location', 'header');
        if ($location !== 'header' && $location !== 'query') {
            throw new InputError('signature_location', "expected 'header' or 'query', got '$location'");
        }
        $inQuery = $location === 'query';
        $token = InputError::optionalString($input, 'session_token') ?? '';
        $signToken = $token !== '' && !InputError::bool($input, 'omit_session_token', false);

        $payloadHash = InputError::bool($input, 'unsigned_payload', false)
            ? self::UNSIGNED_PAYLOAD
            : self::hashedPayload(self::requestBody($input));
        $date = substr($stamp, 0, 8);
        $scope = self::credentialScope($date, $region, $service);

        /** @var array<string, string> $added headers the signer sends */
        $added = [];
        if (!$inQuery) {
            $added['X-Amz-Date'] = $stamp;
            if ($token !== '') {
                $added['X-Amz-Security-Token'] = $token;
            }
            if (InputError::bool($input, 'sign_body', false)) {
                $added['x-amz-content-sha256'] = $payloadHash;
            }
        }
        $toCanonicalize = $headers;
        foreach ($added as $name => $value) {
            if ($name !== 'X-Amz-Security-Token' || $signToken) {
                $toCanonicalize[] = [$name, $value];
            }
        }
        [$canonHeaders, $signedHeaders] = self::canonicalHeaders($toCanonicalize);

        $extra = [];
        if ($inQuery) {
            $extra = [
                ['X-Amz-Algorithm', self::ALGORITHM],
                ['X-Amz-Credential', "$accessKeyId/$scope"],
                ['X-Amz-Date', $stamp],
                ['X-Amz-Expires', (string) InputError::int($input, 'expires_in', 3600)],
                ['X-Amz-SignedHeaders', $signedHeaders],
            ];
            if ($signToken) {
                $extra[] = ['X-Amz-Security-Token', $token];
            }
        }
        $canonQuery = self::canonicalQueryString(InputError::string($input, 'query', ''), $extra);
        $canonUri = self::canonicalUri(
            $path,
            InputError::bool($input, 'normalize_path', true),
            InputError::bool($input, 'double_encode_path', true),
        );
        $creq = self::canonicalRequest($method, $canonUri, $canonQuery, $canonHeaders, $signedHeaders, $payloadHash);
        $creqHash = Encoding::sha256Hex($creq);
        $toSign = self::stringToSign($stamp, $scope, $creqHash);
        $keys = self::signingKeys($secret, $date, $region, $service);
        $signature = self::signature($keys[3], $toSign);

        $output = ['signature' => $signature];
        if ($inQuery) {
            $output['signed_query'] = "$canonQuery&X-Amz-Signature=$signature";
            if ($token !== '' && !$signToken) {
                // An unsigned token is appended after the signature.
                $output['signed_query'] .= '&X-Amz-Security-Token=' . Encoding::percentEncode($token);
            }
        } else {
            $output['authorization'] = self::authorization($accessKeyId, $scope, $signedHeaders, $signature);
            $added['Authorization'] = $output['authorization'];
        }
        $output['headers'] = $added;

        $intermediates = array_combine(self::STEPS, [
            $canonUri,
            $canonQuery,
            $canonHeaders,
            $signedHeaders,
            $payloadHash,
            $creq,
            $scope,
            $creqHash,
            $toSign,
            ...array_map('bin2hex', $keys),
        ]);
        return ['intermediates' => $intermediates, 'output' => $output];
    }

    /** The body bytes: body_base64 (standard base64, strict) or the UTF-8 body ('' by default). */
    public static function requestBody(array $input): string
    {
        if (array_key_exists('body_base64', $input)) {
            $encoded = InputError::string($input, 'body_base64');
            $decoded = strlen($encoded) % 4 === 0 && preg_match('#^[A-Za-z0-9+/]*={0,2}$#D', $encoded) === 1
                ? base64_decode($encoded, true)
                : false;
            if ($decoded === false) {
                throw new InputError('body_base64', 'expected standard base64');
            }
            return $decoded;
        }
        return InputError::string($input, 'body', '');
    }

    /** A real UTC time written YYYYMMDDTHHMMSSZ (the reference accepts leap seconds 60 and 61). */
    public static function checkTimestamp(string $stamp): void
    {
        $ok = preg_match('/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/D', $stamp, $m) === 1
            && checkdate((int) $m[2], (int) $m[3], (int) $m[1])
            && (int) $m[4] < 24 && (int) $m[5] < 60 && (int) $m[6] <= 61;
        if (!$ok) {
            throw new InputError('timestamp', "'$stamp' is not a real YYYYMMDDTHHMMSSZ time");
        }
    }

    /**
     * Refuse headers the signer sets itself: a caller who also sent them would sign a stale copy.
     *
     * @param list<array{string, string}> $headers
     * @param list<string> $signerHeaders lower-case names
     */
    public static function refuseSignerHeaders(array $headers, array $signerHeaders): void
    {
        foreach ($headers as [$name]) {
            if (in_array(strtolower(Encoding::trimWhitespace($name)), $signerHeaders, true)) {
                throw new InputError('headers', "'$name' is set by the signer; leave it out of headers");
            }
        }
    }
}
