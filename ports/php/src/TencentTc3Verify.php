<?php

declare(strict_types=1);

namespace Sigvec;

require_once __DIR__ . '/Verify.php';
require_once __DIR__ . '/TencentTc3.php';

/**
 * Verify Tencent Cloud TC3-HMAC-SHA256 (API 3.0): the Authorization header. The canonical URI
 * is always '/'; the canonical query is the raw query as sent; signed header values are
 * lower-cased and trimmed.
 */
final class TencentTc3Verify
{
    /** X-TC-Timestamp: UNIX seconds, at most this many digits. */
    public const MAX_TIMESTAMP_DIGITS = 15;

    private function __construct()
    {
    }

    /** @return list<string> the signed names of the Authorization header: lower-case, distinct, sorted */
    public static function receivedSignedHeaders(string $signedHeaders): array
    {
        $names = [];
        foreach (explode(';', $signedHeaders) as $name) {
            if ($name !== '') {
                $names[' ' . strtolower($name)] = true; // prefixed: a name like "123" stays a string key
            }
        }
        $names = array_map(static fn (string $key): string => substr($key, 1), array_keys($names));
        usort($names, 'strcmp');
        return $names;
    }

    /**
     * @param list<string> $names
     * @return array<string, string> each signed name's sent values, joined with ','
     */
    public static function receivedHeaderValues(ReceivedRequest $request, array $names): array
    {
        $values = [];
        foreach ($names as $name) {
            $values[$name] = implode(',', $request->headerValues($name));
        }
        return $values;
    }

    /**
     * Accept the request (return) or throw a Rejection; checks in this order: Authorization
     * present and readable, algorithm, scope shape and terminator, SecretId known, X-TC-Timestamp,
     * scope date = its UTC date and service = the server's, time window, content-type and host
     * signed, signature.
     *
     * @param array<string, string> $credentials SecretId => SecretKey
     */
    public static function verify(ReceivedRequest $request, array $credentials, VerifySettings $server): void
    {
        $value = Verify::single($request->headerValues('authorization'), 'the Authorization header');
        if ($value === null) {
            throw new Rejection('missing-auth', 'no Authorization header');
        }
        $parts = Verify::parseAuthorization($value, TencentTc3::ALGORITHM);
        $scope = explode('/', $parts['Credential']);
        if (count($scope) !== 4 || in_array('', array_slice($scope, 0, 3), true)) {
            throw new Rejection('malformed-auth', 'Credential is not SECRETID/YYYY-MM-DD/SERVICE/tc3_request');
        }
        [$secretId, $date, $service, $terminator] = $scope;
        if ($terminator !== 'tc3_request') {
            throw new Rejection('scope-mismatch', "credential scope ends in '$terminator'");
        }
        $secret = Verify::lookupSecret($credentials, $secretId, 'SecretId');
        $stamp = Verify::single($request->headerValues('x-tc-timestamp'), 'the X-TC-Timestamp header');
        if (!Verify::isDigits($stamp, self::MAX_TIMESTAMP_DIGITS)) {
            throw new Rejection('malformed-auth', "X-TC-Timestamp '$stamp': expected UNIX seconds");
        }
        $timestamp = (int) $stamp;
        if ($date !== TencentTc3::utcDate($timestamp)) {
            throw new Rejection('scope-mismatch', "scope date $date is not the UTC date of X-TC-Timestamp (" . TencentTc3::utcDate($timestamp) . ')');
        }
        if ($server->service !== null && $service !== $server->service) {
            throw new Rejection('scope-mismatch', "scope service '$service', the server is '{$server->service}'");
        }
        Verify::checkWindow($timestamp, $server->now, $server->tc3SkewSeconds, 'X-TC-Timestamp');
        $names = self::receivedSignedHeaders($parts['SignedHeaders']);
        foreach (TencentTc3::DEFAULT_SIGNED_HEADERS as $name) {
            if (!in_array($name, $names, true)) {
                throw new Rejection('unsigned-header', "$name is not among the signed headers");
            }
        }
        $canonicalRequest = TencentTc3::canonicalRequest(
            $request->method,
            $request->query(),
            TencentTc3::canonicalHeaders($names, self::receivedHeaderValues($request, $names)),
            implode(';', $names),
            TencentTc3::hashedRequestPayload($request->body),
        );
        // The timestamp as sent (not re-formatted) is what the client signed.
        $toSign = TencentTc3::ALGORITHM . "\n$stamp\n" . TencentTc3::credentialScope($date, $service) . "\n"
            . Encoding::sha256Hex($canonicalRequest);
        $expected = TencentTc3::signature(TencentTc3::signingKeys($secret, $date, $service)[2], $toSign);
        if (!Verify::sameSignature($expected, $parts['Signature'])) {
            throw new Rejection('signature-mismatch', "the signature differs from the server's");
        }
    }
}
