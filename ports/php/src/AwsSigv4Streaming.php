<?php

declare(strict_types=1);

namespace Sigvec;

/**
 * AWS SigV4 streaming (aws-chunked) upload to S3: a seed signature over the headers (SigV4 with
 * the literal STREAMING-AWS4-HMAC-SHA256-PAYLOAD as payload hash), then one signature per chunk
 * chained to the one before, the final empty chunk included; optionally a signed trailer.
 */
final class AwsSigv4Streaming
{
    public const SCHEME = 'aws-sigv4-streaming';
    /** The last two steps exist only when a trailer is sent. */
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
        'k_signing_hex',
        'chunk_strings_to_sign',
        'chunk_signatures',
        'trailer_string_to_sign',
        'trailer_signature',
    ];
    public const STREAMING_PAYLOAD = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
    public const STREAMING_PAYLOAD_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
    public const CHUNK_ALGORITHM = 'AWS4-HMAC-SHA256-PAYLOAD';
    public const TRAILER_ALGORITHM = 'AWS4-HMAC-SHA256-TRAILER';
    public const DEFAULT_CHUNK_SIZE = 65536;
    /** Headers the streaming signer sets itself; a caller who also sent them would sign a stale copy. */
    public const SIGNER_HEADERS = [
        'authorization',
        'content-encoding',
        'content-length',
        'x-amz-content-sha256',
        'x-amz-date',
        'x-amz-decoded-content-length',
        'x-amz-trailer',
        'x-amz-security-token',
    ];
    /** Every signature in the encoded body is 64 hex digits, so its length is known before signing. */
    private const SIGNATURE_PLACEHOLDER = '0000000000000000000000000000000000000000000000000000000000000000';

    private function __construct()
    {
    }

    /**
     * The payload in $chunkSize pieces (the last may be shorter), then the final empty chunk.
     *
     * @return list<string>
     */
    public static function chunks(string $payload, int $chunkSize): array
    {
        $chunks = $payload === '' ? [] : str_split($payload, $chunkSize);
        $chunks[] = '';
        return $chunks;
    }

    /** Chain one chunk to the signature before it (the seed's for chunk 0). */
    public static function chunkStringToSign(string $timestamp, string $scope, string $previousSignature, string $chunk): string
    {
        return implode("\n", [
            self::CHUNK_ALGORITHM, $timestamp, $scope, $previousSignature, Encoding::sha256Hex(''), Encoding::sha256Hex($chunk),
        ]);
    }

    /** A chunk's header line without CRLF: lower-case hex length, no leading zeros ("0" for the final). */
    public static function chunkHeader(int $size, string $signature): string
    {
        return dechex($size) . ';chunk-signature=' . $signature;
    }

    /**
     * Each trailing header as "lower(name):trimmed value\n", in the given order.
     *
     * @param list<array{string, string}> $trailer
     */
    public static function canonicalTrailer(array $trailer): string
    {
        $lines = '';
        foreach ($trailer as [$name, $value]) {
            $lines .= strtolower($name) . ':' . Encoding::trimWhitespace($value) . "\n";
        }
        return $lines;
    }

    /** Chain the canonical trailer to the final chunk's signature. */
    public static function trailerStringToSign(string $timestamp, string $scope, string $finalChunkSignature, string $canonicalTrailer): string
    {
        return implode("\n", [
            self::TRAILER_ALGORITHM, $timestamp, $scope, $finalChunkSignature, Encoding::sha256Hex($canonicalTrailer),
        ]);
    }

    /**
     * The trailer as sent after the final chunk's header line, signature included, without the
     * closing empty line.
     *
     * @param list<array{string, string}> $trailer
     */
    private static function trailerLines(array $trailer, string $signature): string
    {
        $lines = '';
        foreach ($trailer as [$name, $value]) {
            $lines .= "$name:$value\r\n";
        }
        return $lines . "x-amz-trailer-signature:$signature\r\n";
    }

    /**
     * Content-Length of the aws-chunked body.
     *
     * @param list<array{string, string}>|null $trailer
     */
    public static function encodedLength(int $payloadLength, int $chunkSize, ?array $trailer): int
    {
        $total = 0;
        for ($start = 0; $start < $payloadLength; $start += $chunkSize) {
            $size = min($chunkSize, $payloadLength - $start);
            $total += strlen(self::chunkHeader($size, self::SIGNATURE_PLACEHOLDER)) + 2 + $size + 2;
        }
        $total += strlen(self::chunkHeader(0, self::SIGNATURE_PLACEHOLDER)) + 2 + 2;
        if ($trailer !== null) {
            $total += strlen(self::trailerLines($trailer, self::SIGNATURE_PLACEHOLDER));
        }
        return $total;
    }

    /**
     * Sign one vector input (fields as in vectors/schema/aws-sigv4-streaming.schema.json).
     * Returns ['intermediates' => [step => string or list], 'output' => [...]].
     */
    public static function signInput(array $input): array
    {
        $stamp = InputError::string($input, 'timestamp');
        AwsSigV4::checkTimestamp($stamp);
        $headers = InputError::pairs($input, 'headers');
        AwsSigV4::refuseSignerHeaders($headers, self::SIGNER_HEADERS);
        $method = InputError::string($input, 'method');
        if ($method !== 'PUT' && $method !== 'POST') {
            throw new InputError('method', "'$method' is neither PUT nor POST (chunked uploads)");
        }
        $accessKeyId = InputError::string($input, 'access_key_id');
        $region = InputError::string($input, 'region');
        $service = InputError::string($input, 'service', 's3');
        $token = InputError::optionalString($input, 'session_token') ?? '';
        $payload = AwsSigV4::requestBody($input);
        $chunkSize = InputError::int($input, 'chunk_size', self::DEFAULT_CHUNK_SIZE);
        if ($chunkSize < 1) {
            throw new InputError('chunk_size', "$chunkSize is not a positive number of bytes");
        }
        $trailer = array_key_exists('trailer', $input) ? InputError::pairs($input, 'trailer') : null;
        if ($trailer === []) {
            throw new InputError('trailer', 'expected at least one [name, value] pair (leave it out for none)');
        }
        $contentLength = (string) self::encodedLength(strlen($payload), $chunkSize, $trailer);

        /** @var array<string, string> $added headers the signer adds, as sent */
        $added = [
            'Content-Encoding' => 'aws-chunked',
            'Content-Length' => $contentLength,
            'X-Amz-Content-Sha256' => $trailer === null ? self::STREAMING_PAYLOAD : self::STREAMING_PAYLOAD_TRAILER,
            'X-Amz-Date' => $stamp,
            'X-Amz-Decoded-Content-Length' => (string) strlen($payload),
        ];
        if ($trailer !== null) {
            $added['X-Amz-Trailer'] = implode(',', array_map(static fn (array $h): string => strtolower($h[0]), $trailer));
        }
        if ($token !== '') {
            $added['X-Amz-Security-Token'] = $token;
        }
        $signContentLength = InputError::bool($input, 'sign_content_length', true);
        $toCanonicalize = $headers;
        foreach ($added as $name => $value) {
            if ($name !== 'Content-Length' || $signContentLength) {
                $toCanonicalize[] = [$name, $value];
            }
        }
        [$canonHeaders, $signedHeaders] = AwsSigV4::canonicalHeaders($toCanonicalize);

        // S3: the path is neither normalised nor encoded a second time.
        $canonUri = AwsSigV4::canonicalUri(InputError::string($input, 'path'), false, false);
        $canonQuery = AwsSigV4::canonicalQueryString(InputError::string($input, 'query', ''));
        $payloadHash = $added['X-Amz-Content-Sha256'];
        $creq = AwsSigV4::canonicalRequest($method, $canonUri, $canonQuery, $canonHeaders, $signedHeaders, $payloadHash);
        $date = substr($stamp, 0, 8);
        $scope = AwsSigV4::credentialScope($date, $region, $service);
        $creqHash = Encoding::sha256Hex($creq);
        $toSign = AwsSigV4::stringToSign($stamp, $scope, $creqHash);
        $key = AwsSigV4::signingKey(InputError::string($input, 'secret_access_key'), $date, $region, $service);
        $seed = AwsSigV4::signature($key, $toSign);
        $authorization = AwsSigV4::authorization($accessKeyId, $scope, $signedHeaders, $seed);

        $chunkStrings = [];
        $chunkSignatures = [];
        $chunkHeaders = [];
        $body = hash_init('sha256');
        $previous = $seed;
        foreach (self::chunks($payload, $chunkSize) as $chunk) {
            $chunkToSign = self::chunkStringToSign($stamp, $scope, $previous, $chunk);
            $previous = AwsSigV4::signature($key, $chunkToSign);
            $line = self::chunkHeader(strlen($chunk), $previous);
            $chunkStrings[] = $chunkToSign;
            $chunkSignatures[] = $previous;
            $chunkHeaders[] = $line;
            hash_update($body, "$line\r\n" . ($chunk === '' ? '' : "$chunk\r\n"));
        }
        $values = [
            $canonUri, $canonQuery, $canonHeaders, $signedHeaders, $payloadHash, $creq, $scope, $creqHash,
            $toSign, bin2hex($key), $chunkStrings, $chunkSignatures,
        ];
        if ($trailer !== null) {
            $trailerToSign = self::trailerStringToSign($stamp, $scope, $previous, self::canonicalTrailer($trailer));
            $trailerSignature = AwsSigV4::signature($key, $trailerToSign);
            array_push($values, $trailerToSign, $trailerSignature);
            hash_update($body, self::trailerLines($trailer, $trailerSignature));
        }
        hash_update($body, "\r\n");
        $added['Authorization'] = $authorization;
        return [
            'intermediates' => array_combine(array_slice(self::STEPS, 0, count($values)), $values),
            'output' => [
                'signature' => $seed,
                'authorization' => $authorization,
                'headers' => $added,
                'chunk_headers' => $chunkHeaders,
                'encoded_body_sha256' => hash_final($body),
            ],
        ];
    }
}
