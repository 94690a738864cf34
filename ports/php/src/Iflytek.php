<?php

declare(strict_types=1);

namespace Sigvec;

/** iFlytek-style app signature: base64(HMAC-SHA1(key = app_secret, msg = hex(MD5(app_id . ts)))). */
final class Iflytek
{
    public const SCHEME = 'iflytek';
    public const STEPS = ['base_string', 'md5_hex', 'hmac_sha1_hex'];

    private function __construct()
    {
    }

    /** The app id followed by the timestamp string exactly as sent (leading zeros kept). */
    public static function baseString(string $appId, string $ts): string
    {
        return $appId . $ts;
    }

    /** Lower-case hex MD5 of the UTF-8 bytes: this 32-character *text* is what gets signed. */
    public static function md5Hex(string $baseString): string
    {
        return md5($baseString);
    }

    /** Raw HMAC-SHA1, keyed with the secret verbatim (not base64- or URL-decoded). */
    public static function hmacSha1(string $appSecret, string $md5Hex): string
    {
        return Encoding::hmacSha1($appSecret, $md5Hex);
    }

    /** The signature: base64 of HMAC-SHA1(appSecret, md5Hex(appId . ts)). */
    public static function signIflytek(string $appId, string $ts, string $appSecret): string
    {
        return base64_encode(self::hmacSha1($appSecret, self::md5Hex(self::baseString($appId, $ts))));
    }

    /** appid=..&ts=..&signa=.., each value percent-encoded (a signature's '+', '/', '=' too). */
    public static function query(string $appId, string $ts, string $signature): string
    {
        return 'appid=' . Encoding::percentEncode($appId)
            . '&ts=' . Encoding::percentEncode($ts)
            . '&signa=' . Encoding::percentEncode($signature);
    }

    /** @return array<string, string> */
    public static function headers(string $appId, string $ts, string $signature): array
    {
        return ['X-App-Key' => $appId, 'X-Timestamp' => $ts, 'X-App-Signature' => $signature];
    }

    /**
     * Sign one vector input (fields as in vectors/schema/iflytek.schema.json). Returns
     * ['intermediates' => [step => string], 'output' => ['signature', 'query', 'headers']].
     */
    public static function signInput(array $input): array
    {
        $appId = InputError::string($input, 'app_id');
        $ts = InputError::string($input, 'ts');
        $secret = InputError::string($input, 'app_secret');
        $base = self::baseString($appId, $ts);
        $md5 = self::md5Hex($base);
        $digest = self::hmacSha1($secret, $md5);
        $signature = base64_encode($digest);
        return [
            'intermediates' => ['base_string' => $base, 'md5_hex' => $md5, 'hmac_sha1_hex' => bin2hex($digest)],
            'output' => [
                'signature' => $signature,
                'query' => self::query($appId, $ts, $signature),
                'headers' => self::headers($appId, $ts, $signature),
            ],
        ];
    }
}
