<?php

declare(strict_types=1);

namespace Sigvec;

require_once __DIR__ . '/InputError.php';
require_once __DIR__ . '/AwsSigV4Verify.php';
require_once __DIR__ . '/TencentTc3Verify.php';
require_once __DIR__ . '/AliyunRpcVerify.php';
require_once __DIR__ . '/IflytekVerify.php';

/**
 * The verify command of the line protocol (runner/PROTOCOL.md): a received request, the
 * server's credentials and state in; a verdict out, from each scheme's verifier.
 */
final class VerifyCommand
{
    /** Scheme id => verifier class; start announces the keys. */
    public const VERIFIERS = [
        AwsSigV4::SCHEME => AwsSigV4Verify::class,
        TencentTc3::SCHEME => TencentTc3Verify::class,
        AliyunRpc::SCHEME => AliyunRpcVerify::class,
        Iflytek::SCHEME => IflytekVerify::class,
    ];

    private function __construct()
    {
    }

    /** @return list<string> */
    public static function schemes(): array
    {
        return array_keys(self::VERIFIERS);
    }

    /** The answer to one verify command: a verdict, or skipped. */
    public static function answer(array $message): array
    {
        $seq = $message['seq'] ?? null;
        $class = self::VERIFIERS[$message['scheme'] ?? ''] ?? null;
        if ($class === null) {
            return ['seq' => $seq, 'skipped' => true, 'message' => 'scheme not verified'];
        }
        $server = InputError::array($message, 'server');
        try {
            $now = new \DateTimeImmutable(InputError::string($server, 'now'));
        } catch (\Exception) {
            throw new InputError('server.now', 'expected an ISO 8601 UTC time');
        }
        $settings = new VerifySettings((float) $now->format('U.u'));
        $settings->region = InputError::optionalString($server, 'region');
        $settings->service = InputError::optionalString($server, 'service');
        $settings->seenNonces = array_map('strval', InputError::array($server, 'seenNonces', []));
        $credentials = InputError::array($message, 'credentials');
        try {
            $class::verify(self::request(InputError::array($message, 'request')), $credentials, $settings);
        } catch (Rejection $rejection) {
            return ['seq' => $seq, 'verdict' => 'invalid', 'reason' => $rejection->reason, 'message' => $rejection->getMessage()];
        }
        return ['seq' => $seq, 'verdict' => 'valid'];
    }

    private static function request(array $in): ReceivedRequest
    {
        $headers = [];
        foreach (InputError::array($in, 'headers', []) as $i => $pair) {
            if (!is_array($pair) || count($pair) !== 2 || !is_string($pair[0] ?? null) || !is_string($pair[1] ?? null)) {
                throw new InputError("request.headers.$i", 'expected a [name, value] pair of strings');
            }
            $headers[] = [$pair[0], $pair[1]];
        }
        if (array_key_exists('body_base64', $in)) {
            $body = base64_decode(InputError::string($in, 'body_base64'), true);
            if ($body === false) {
                throw new InputError('request.body_base64', 'expected standard base64');
            }
        } else {
            $body = InputError::string($in, 'body', '');
        }
        return new ReceivedRequest(InputError::string($in, 'method'), InputError::string($in, 'target'), $headers, $body);
    }
}
