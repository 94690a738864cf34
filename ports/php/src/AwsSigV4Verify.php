<?php

declare(strict_types=1);

namespace Sigvec;

require_once __DIR__ . '/Verify.php';
require_once __DIR__ . '/AwsSigV4.php';

/**
 * Verify AWS Signature Version 4: the Authorization header or a presigned URL. Service rules
 * come from the credential scope: for s3 the path is neither normalised nor encoded again and
 * x-amz-content-sha256 is what is signed (a hash, UNSIGNED-PAYLOAD or a streaming value); a
 * presigned s3 URL signs UNSIGNED-PAYLOAD.
 */
final class AwsSigV4Verify
{
    /** Any one of these in the query makes the request a presigned one. */
    public const PRESIGN_PARAMETERS = [
        'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature',
    ];
    /** The one streaming payload whose seed signature covers only the literal (no chunk signatures). */
    public const UNSIGNED_STREAMING_PAYLOAD = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
    private const AMZ_DATE = '/\A(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\z/';

    private function __construct()
    {
    }

    /**
     * The signature parts of the Authorization header, or of the presigned X-Amz-* parameters
     * (then also 'Date' and 'Expires').
     *
     * @return array{parts: array<string, string>, presigned: bool}
     */
    public static function receivedAuth(ReceivedRequest $request): array
    {
        $authorizations = $request->headerValues('authorization');
        $params = Verify::queryPairs($request->query());
        $presigned = false;
        foreach (self::PRESIGN_PARAMETERS as $name) {
            $presigned = $presigned || Verify::valuesOf($params, $name) !== [];
        }
        if ($authorizations === [] && !$presigned) {
            throw new Rejection('missing-auth', 'no Authorization header and no X-Amz-Signature query');
        }
        if ($authorizations !== [] && $presigned) {
            throw new Rejection('malformed-auth', 'both an Authorization header and X-Amz-* query auth');
        }
        if ($authorizations !== []) {
            $value = Verify::single($authorizations, 'the Authorization header');
            return ['parts' => Verify::parseAuthorization($value, AwsSigV4::ALGORITHM), 'presigned' => false];
        }
        $found = [];
        foreach (self::PRESIGN_PARAMETERS as $name) {
            $value = Verify::single(Verify::valuesOf($params, $name), "query parameter $name");
            if ($value === null) {
                throw new Rejection('malformed-auth', "presigned URL without $name");
            }
            $found[$name] = $value;
        }
        if ($found['X-Amz-Algorithm'] !== AwsSigV4::ALGORITHM) {
            throw new Rejection('unsupported-algorithm', "X-Amz-Algorithm '{$found['X-Amz-Algorithm']}', expected " . AwsSigV4::ALGORITHM);
        }
        if ($found['X-Amz-Signature'] === '') {
            throw new Rejection('malformed-auth', 'the signature is empty');
        }
        return ['parts' => [
            'Credential' => $found['X-Amz-Credential'],
            'SignedHeaders' => $found['X-Amz-SignedHeaders'],
            'Signature' => $found['X-Amz-Signature'],
            'Date' => $found['X-Amz-Date'],
            'Expires' => $found['X-Amz-Expires'],
        ], 'presigned' => true];
    }

    /** The raw query minus its X-Amz-Signature piece(s): what a presigned URL signed. */
    public static function queryWithoutSignature(string $query): string
    {
        $kept = [];
        foreach (explode('&', $query) as $piece) {
            if ($piece !== '' && Verify::queryPairs($piece)[0][0] !== 'X-Amz-Signature') {
                $kept[] = $piece;
            }
        }
        return implode('&', $kept);
    }

    /**
     * The payload hash the request signed: x-amz-content-sha256 as sent, else UNSIGNED-PAYLOAD
     * for a presigned s3 URL, else the SHA-256 of the body.
     */
    public static function receivedPayloadHash(ReceivedRequest $request, bool $presigned, bool $s3): string
    {
        $sent = $request->header('x-amz-content-sha256');
        if ($sent !== null) {
            return $sent;
        }
        return $presigned && $s3 ? AwsSigV4::UNSIGNED_PAYLOAD : AwsSigV4::hashedPayload($request->body);
    }

    /**
     * Accept the request (return) or throw a Rejection; checks in this order: auth present and
     * readable, algorithm, credential scope shape and terminator, key known, X-Amz-Date (and
     * X-Amz-Expires), scope date/region/service, time window (or expiry), host and every x-amz-*
     * header signed, signature, x-amz-content-sha256 = SHA-256 of the body.
     *
     * @param array<string, string> $credentials access key id => secret
     */
    public static function verify(ReceivedRequest $request, array $credentials, VerifySettings $server): void
    {
        ['parts' => $parts, 'presigned' => $presigned] = self::receivedAuth($request);
        $scope = explode('/', $parts['Credential']);
        if (count($scope) !== 5 || in_array('', array_slice($scope, 0, 4), true)) {
            throw new Rejection('malformed-auth', 'Credential is not KEY/YYYYMMDD/REGION/SERVICE/aws4_request');
        }
        [$keyId, $scopeDate, $region, $service, $terminator] = $scope;
        if ($terminator !== 'aws4_request') {
            throw new Rejection('scope-mismatch', "credential scope ends in '$terminator'");
        }
        $secret = Verify::lookupSecret($credentials, $keyId, 'access key');

        $stamp = $parts['Date'] ?? null;
        if (!$presigned) {
            $stamp = Verify::single($request->headerValues('x-amz-date'), 'the X-Amz-Date header');
            if ($stamp === null) {
                throw new Rejection('malformed-auth', 'no X-Amz-Date header');
            }
        }
        $requestTime = Verify::parseUtc($stamp, self::AMZ_DATE);
        if ($requestTime === null) {
            throw new Rejection('malformed-auth', "X-Amz-Date '$stamp' is not YYYYMMDDTHHMMSSZ");
        }
        $expires = 0;
        if ($presigned) {
            $text = $parts['Expires'];
            $digits = ltrim($text, '0');
            $expires = Verify::isDigits($text) && strlen($digits) <= 18 ? (int) $digits : PHP_INT_MAX;
            if (!Verify::isDigits($text) || $expires < 1 || $expires > $server->awsMaxExpiresSeconds) {
                throw new Rejection('malformed-auth', "X-Amz-Expires '$text': expected 1 to {$server->awsMaxExpiresSeconds}");
            }
        }

        if ($scopeDate !== substr($stamp, 0, 8)) {
            throw new Rejection('scope-mismatch', "scope date $scopeDate is not X-Amz-Date's " . substr($stamp, 0, 8));
        }
        if ($server->region !== null && $region !== $server->region) {
            throw new Rejection('scope-mismatch', "scope region '$region', the server is '{$server->region}'");
        }
        if ($server->service !== null && $service !== $server->service) {
            throw new Rejection('scope-mismatch', "scope service '$service', the server is '{$server->service}'");
        }

        if (!$presigned || $requestTime - $server->now > $server->awsSkewSeconds) {
            Verify::checkWindow($requestTime, $server->now, $server->awsSkewSeconds, 'X-Amz-Date');
        }
        if ($presigned && $server->now > $requestTime + $expires) {
            throw new Rejection('expired', sprintf('presigned URL expired %.0f s ago (X-Amz-Expires %d)', $server->now - $requestTime - $expires, $expires));
        }

        $signedNames = [];
        foreach (explode(';', $parts['SignedHeaders']) as $name) {
            $name = strtolower($name);
            if ($name !== '' && !in_array($name, $signedNames, true)) {
                $signedNames[] = $name;
            }
        }
        if (!in_array('host', $signedNames, true)) {
            throw new Rejection('unsigned-header', 'host is not among the signed headers');
        }
        foreach ($request->headerNames() as $name) {
            if (str_starts_with($name, 'x-amz-') && !in_array($name, $signedNames, true)) {
                throw new Rejection('unsigned-header', "$name is sent but not signed");
            }
        }

        $s3 = $service === 's3';
        $payloadHash = self::receivedPayloadHash($request, $presigned, $s3);
        if (str_starts_with($payloadHash, 'STREAMING-') && $payloadHash !== self::UNSIGNED_STREAMING_PAYLOAD) {
            throw new Rejection('unsupported-algorithm', "streaming payload '$payloadHash': chunk signatures are not verified");
        }

        $signedHeaderLines = [];
        foreach ($signedNames as $name) {
            foreach ($request->headerValues($name) as $value) {
                $signedHeaderLines[] = [$name, $value];
            }
        }
        [$canonicalHeaders, $signedHeaders] = AwsSigV4::canonicalHeaders($signedHeaderLines);
        $query = $presigned ? self::queryWithoutSignature($request->query()) : $request->query();
        $canonicalRequest = AwsSigV4::canonicalRequest(
            $request->method,
            AwsSigV4::canonicalUri($request->path(), !$s3, !$s3),
            AwsSigV4::canonicalQueryString($query),
            $canonicalHeaders,
            $signedHeaders,
            $payloadHash,
        );
        $toSign = AwsSigV4::stringToSign($stamp, AwsSigV4::credentialScope($scopeDate, $region, $service), Encoding::sha256Hex($canonicalRequest));
        $expected = AwsSigV4::signature(AwsSigV4::signingKey($secret, $scopeDate, $region, $service), $toSign);
        if (!Verify::sameSignature($expected, $parts['Signature'])) {
            throw new Rejection('signature-mismatch', "the signature differs from the server's");
        }

        $contentHash = $request->header('x-amz-content-sha256');
        $literal = in_array($payloadHash, [AwsSigV4::UNSIGNED_PAYLOAD, self::UNSIGNED_STREAMING_PAYLOAD], true);
        if ($contentHash !== null && !$literal && $contentHash !== AwsSigV4::hashedPayload($request->body)) {
            throw new Rejection('payload-hash-mismatch', 'x-amz-content-sha256 is not the SHA-256 of the body');
        }
    }
}
