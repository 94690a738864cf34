<?php

declare(strict_types=1);

namespace Sigvec;

/** Alibaba Cloud ACS3-HMAC-SHA256 (V3): TODO one line on what is signed (placeholder: HMAC-SHA256 over key_id and message). */
final class AliyunAcs3
{
    public const SCHEME = 'aliyun-acs3';
    public const STEPS = ['string_to_sign'];

    private function __construct()
    {
    }

    public static function stringToSign(string $keyId, string $message): string
    {
        return $keyId . "\n" . $message;
    }

    /**
     * Sign one vector input (fields as in vectors/schema/aliyun-acs3.schema.json). Returns
     * ['intermediates' => [step => string], 'output' => ['signature']].
     */
    public static function signInput(array $input): array
    {
        $toSign = self::stringToSign(InputError::string($input, 'key_id'), InputError::string($input, 'message'));
        $signature = bin2hex(Encoding::hmacSha256(InputError::string($input, 'secret'), $toSign));
        return ['intermediates' => ['string_to_sign' => $toSign], 'output' => ['signature' => $signature]];
    }
}
