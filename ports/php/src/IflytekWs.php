<?php

declare(strict_types=1);

namespace Sigvec;

/**
 * iFlytek HMAC-SHA256 URL authentication (WebSocket and HTTP APIs):
 * base64(HMAC-SHA256(key = api_secret, "host: ...\ndate: ...\n<request line>")), wrapped in a
 * base64 authorization sent with the date and host as query parameters.
 */
final class IflytekWs
{
    public const SCHEME = 'iflytek-ws';
    public const STEPS = ['request_line', 'signature_origin', 'hmac_sha256_hex', 'authorization_origin'];
    /** The only date form the servers take: RFC 1123, GMT, two-digit day. */
    public const RFC1123_GMT =
        '/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12][0-9]|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] GMT$/D';

    private function __construct()
    {
    }

    /** "<method> <path> HTTP/1.1". */
    public static function requestLine(string $method, string $path): string
    {
        return "$method $path HTTP/1.1";
    }

    /** The signed text: host, RFC 1123 GMT date and request line, one per line. */
    public static function signatureOrigin(string $host, string $date, string $requestLine): string
    {
        return "host: $host\ndate: $date\n$requestLine";
    }

    /** Names the key, the algorithm, the signed headers and the (base64) signature. */
    public static function authorizationOrigin(string $apiKey, string $signature): string
    {
        return "api_key=\"$apiKey\", algorithm=\"hmac-sha256\", headers=\"host date request-line\", signature=\"$signature\"";
    }

    /** authorization, date and host, each value percent-encoded (RFC 3986). */
    public static function query(string $authorization, string $date, string $host): string
    {
        return 'authorization=' . Encoding::percentEncode($authorization)
            . '&date=' . Encoding::percentEncode($date)
            . '&host=' . Encoding::percentEncode($host);
    }

    /**
     * Sign one vector input (fields as in vectors/schema/iflytek-ws.schema.json). Returns
     * ['intermediates' => [step => string], 'output' => ['signature', 'authorization', 'query']].
     */
    public static function signInput(array $input): array
    {
        $apiKey = InputError::string($input, 'api_key');
        $host = InputError::string($input, 'host');
        $date = InputError::string($input, 'date');
        if (preg_match(self::RFC1123_GMT, $date) !== 1) {
            throw new InputError('date', "'$date' is not an RFC 1123 GMT date like 'Wed, 10 Jul 2019 07:35:43 GMT'");
        }
        $line = self::requestLine(InputError::string($input, 'method', 'GET'), InputError::string($input, 'path'));
        $origin = self::signatureOrigin($host, $date, $line);
        $digest = Encoding::hmacSha256(InputError::string($input, 'api_secret'), $origin);
        $signature = base64_encode($digest);
        $authOrigin = self::authorizationOrigin($apiKey, $signature);
        $authorization = base64_encode($authOrigin);
        return [
            'intermediates' => array_combine(self::STEPS, [$line, $origin, bin2hex($digest), $authOrigin]),
            'output' => [
                'signature' => $signature,
                'authorization' => $authorization,
                'query' => self::query($authorization, $date, $host),
            ],
        ];
    }
}
