<?php

declare(strict_types=1);

namespace Sigvec;

/** Tencent Cloud API 3.0 signature, TC3-HMAC-SHA256. */
final class TencentTc3
{
    public const SCHEME = 'tencent-tc3';
    public const ALGORITHM = 'TC3-HMAC-SHA256';
    public const DEFAULT_CONTENT_TYPE = 'application/json; charset=utf-8';
    public const DEFAULT_SIGNED_HEADERS = ['content-type', 'host'];
    public const STEPS = [
        'hashed_request_payload',
        'canonical_headers',
        'signed_headers',
        'canonical_request',
        'date',
        'credential_scope',
        'hashed_canonical_request',
        'string_to_sign',
        'secret_date_hex',
        'secret_service_hex',
        'secret_signing_hex',
    ];

    private function __construct()
    {
    }

    /**
     * The value of every header the scheme can sign, keyed by lower-case name. Region and
     * token count only when non-empty.
     *
     * @return array<string, string>
     */
    public static function headerValues(array $input): array
    {
        $values = [
            'content-type' => InputError::string($input, 'content_type', self::DEFAULT_CONTENT_TYPE),
            'host' => InputError::string($input, 'host'),
            'x-tc-action' => InputError::string($input, 'action'),
            'x-tc-timestamp' => (string) InputError::int($input, 'timestamp'),
            'x-tc-version' => InputError::string($input, 'version'),
        ];
        $region = InputError::optionalString($input, 'region') ?? '';
        if ($region !== '') {
            $values['x-tc-region'] = $region;
        }
        $token = InputError::optionalString($input, 'token') ?? '';
        if ($token !== '') {
            $values['x-tc-token'] = $token;
        }
        return $values;
    }

    /**
     * 'name:value\n' per signed header, in the order given (sort the names first). Names *and
     * values* are lower-cased and trimmed: x-tc-action carries the action in lower case.
     *
     * @param list<string> $names
     * @param array<string, string> $values
     */
    public static function canonicalHeaders(array $names, array $values): string
    {
        $lines = '';
        foreach ($names as $name) {
            // strtolower() is ASCII-only and locale-independent (PHP >= 8.2).
            $lines .= $name . ':' . strtolower(Encoding::trimWhitespace($values[$name])) . "\n";
        }
        return $lines;
    }

    public static function hashedRequestPayload(string $payload): string
    {
        return Encoding::sha256Hex($payload);
    }

    /** The canonical URI is always '/'; an empty query still leaves its (blank) line. */
    public static function canonicalRequest(
        string $method,
        string $query,
        string $canonicalHeaders,
        string $signedHeaders,
        string $payloadHash,
    ): string {
        return implode("\n", [$method, '/', $query, $canonicalHeaders, $signedHeaders, $payloadHash]);
    }

    /** The UTC date (YYYY-MM-DD) of a UNIX timestamp, whatever the local time zone. */
    public static function utcDate(int $timestamp): string
    {
        return gmdate('Y-m-d', $timestamp);
    }

    public static function credentialScope(string $date, string $service): string
    {
        return "$date/$service/tc3_request";
    }

    public static function stringToSign(int $timestamp, string $scope, string $hashedCanonicalRequest): string
    {
        return self::ALGORITHM . "\n$timestamp\n$scope\n$hashedCanonicalRequest";
    }

    /**
     * Raw keys [secretDate, secretService, secretSigning].
     *
     * @return array{string, string, string}
     */
    public static function signingKeys(string $secretKey, string $date, string $service): array
    {
        $secretDate = Encoding::hmacSha256('TC3' . $secretKey, $date);
        $secretService = Encoding::hmacSha256($secretDate, $service);
        return [$secretDate, $secretService, Encoding::hmacSha256($secretService, 'tc3_request')];
    }

    /** Lower-case hex HMAC-SHA256 of the string to sign. */
    public static function signature(string $secretSigning, string $stringToSign): string
    {
        return bin2hex(Encoding::hmacSha256($secretSigning, $stringToSign));
    }

    public static function authorization(string $secretId, string $scope, string $signedHeaders, string $signature): string
    {
        return self::ALGORITHM . " Credential=$secretId/$scope, SignedHeaders=$signedHeaders, Signature=$signature";
    }

    /**
     * Sign one vector input (fields as in vectors/schema/tencent-tc3.schema.json, documented
     * defaults applied). Returns ['intermediates' => [step => string], 'output' => [...]].
     */
    public static function signInput(array $input): array
    {
        $values = self::headerValues($input);
        $names = [];
        foreach (InputError::array($input, 'signed_headers', self::DEFAULT_SIGNED_HEADERS) as $name) {
            if (!is_string($name)) {
                throw new InputError('signed_headers', 'expected a list of header names');
            }
            if (!array_key_exists($name, $values)) {
                throw new InputError('signed_headers', "names '$name', but the input has no value");
            }
            $names[] = $name;
        }
        usort($names, 'strcmp');

        $timestamp = InputError::int($input, 'timestamp');
        $service = InputError::string($input, 'service');
        $payloadHash = self::hashedRequestPayload(InputError::string($input, 'payload'));
        $headers = self::canonicalHeaders($names, $values);
        $signed = implode(';', $names);
        $creq = self::canonicalRequest(
            InputError::string($input, 'method'),
            InputError::string($input, 'query'),
            $headers,
            $signed,
            $payloadHash,
        );
        $date = self::utcDate($timestamp);
        $scope = self::credentialScope($date, $service);
        $creqHash = Encoding::sha256Hex($creq);
        $toSign = self::stringToSign($timestamp, $scope, $creqHash);
        [$secretDate, $secretService, $secretSigning] =
            self::signingKeys(InputError::string($input, 'secret_key'), $date, $service);
        $signature = self::signature($secretSigning, $toSign);
        $authorization = self::authorization(InputError::string($input, 'secret_id'), $scope, $signed, $signature);

        $sent = [
            'Authorization' => $authorization,
            'Content-Type' => $values['content-type'],
            'Host' => $values['host'],
            'X-TC-Action' => $values['x-tc-action'],
            'X-TC-Timestamp' => $values['x-tc-timestamp'],
            'X-TC-Version' => $values['x-tc-version'],
        ];
        if (isset($values['x-tc-region'])) {
            $sent['X-TC-Region'] = $values['x-tc-region'];
        }
        if (isset($values['x-tc-token'])) {
            $sent['X-TC-Token'] = $values['x-tc-token'];
        }
        return [
            'intermediates' => [
                'hashed_request_payload' => $payloadHash,
                'canonical_headers' => $headers,
                'signed_headers' => $signed,
                'canonical_request' => $creq,
                'date' => $date,
                'credential_scope' => $scope,
                'hashed_canonical_request' => $creqHash,
                'string_to_sign' => $toSign,
                'secret_date_hex' => bin2hex($secretDate),
                'secret_service_hex' => bin2hex($secretService),
                'secret_signing_hex' => bin2hex($secretSigning),
            ],
            'output' => ['signature' => $signature, 'authorization' => $authorization, 'headers' => $sent],
        ];
    }
}
