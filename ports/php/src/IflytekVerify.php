<?php

declare(strict_types=1);

namespace Sigvec;

require_once __DIR__ . '/Verify.php';
require_once __DIR__ . '/Iflytek.php';

/**
 * Verify the iFlytek-style app signature: headers X-App-Key, X-Timestamp, X-App-Signature, or
 * query appid, ts, signa (form decoding: '+' is a space, so a signature sent without
 * URL-encoding fails, as $_GET reads it). Method, path, other query parameters and body are not
 * signed.
 */
final class IflytekVerify
{
    public const HEADER_NAMES = ['X-App-Key', 'X-Timestamp', 'X-App-Signature'];
    public const QUERY_NAMES = ['appid', 'ts', 'signa'];
    /** The timestamp: UNIX seconds, at most this many digits. */
    public const MAX_TIMESTAMP_DIGITS = 15;

    private function __construct()
    {
    }

    /**
     * The app id, timestamp and signature: from the headers when any of them is sent, else from
     * the query.
     *
     * @return array{string, string, string}
     */
    public static function receivedAuth(ReceivedRequest $request): array
    {
        $names = self::HEADER_NAMES;
        $values = array_map(static fn (string $name): array => $request->headerValues($name), $names);
        if (array_merge(...$values) === []) {
            $names = self::QUERY_NAMES;
            $pairs = Verify::queryPairs($request->query(), true);
            $values = array_map(static fn (string $name): array => Verify::valuesOf($pairs, $name), $names);
            if (array_merge(...$values) === []) {
                throw new Rejection('missing-auth', 'no X-App-Key/X-App-Signature/X-Timestamp, no signa');
            }
        }
        $found = [];
        foreach ($values as $i => $sent) {
            $found[] = Verify::single($sent, $names[$i]);
        }
        foreach ($found as $i => $value) {
            if ($value === null) {
                throw new Rejection('malformed-auth', "no {$names[$i]}");
            }
        }
        return $found;
    }

    /**
     * Accept the request (return) or throw a Rejection; checks in this order: the three values
     * present once each, a non-empty signature, app id known, the timestamp (UNIX seconds) within
     * the window, signature.
     *
     * @param array<string, string> $credentials app id => app secret
     */
    public static function verify(ReceivedRequest $request, array $credentials, VerifySettings $server): void
    {
        [$appId, $ts, $signature] = self::receivedAuth($request);
        if ($signature === '') {
            throw new Rejection('malformed-auth', 'the signature is empty');
        }
        $secret = Verify::lookupSecret($credentials, $appId, 'app id');
        if (!Verify::isDigits($ts, self::MAX_TIMESTAMP_DIGITS)) {
            throw new Rejection('malformed-auth', "timestamp '$ts': expected UNIX seconds");
        }
        Verify::checkWindow((int) $ts, $server->now, $server->iflytekSkewSeconds, 'the timestamp');
        if (!Verify::sameSignature(Iflytek::signIflytek($appId, $ts, $secret), $signature)) {
            throw new Rejection('signature-mismatch', "the signature differs from the server's");
        }
    }
}
