<?php

declare(strict_types=1);

namespace Sigvec;

require_once __DIR__ . '/Verify.php';
require_once __DIR__ . '/AliyunRpc.php';

/**
 * Verify Alibaba Cloud RPC signature 1.0: parameters in the query (GET) or a form-encoded body
 * (POST), read with form decoding ('+' is a space) as Alibaba Cloud's gateway reads them. A
 * SignatureNonce is accepted once.
 */
final class AliyunRpcVerify
{
    public const SIGNATURE_METHOD = 'HMAC-SHA1';
    public const SIGNATURE_VERSION = '1.0';
    public const REQUIRED = ['AccessKeyId', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp'];
    public const FORM = 'application/x-www-form-urlencoded';
    private const TIMESTAMP = '/\A(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z\z/';

    private function __construct()
    {
    }

    /** @return list<array{string, string}> the query parameters, then those of a form-encoded body */
    public static function receivedParameters(ReceivedRequest $request): array
    {
        $pairs = Verify::queryPairs($request->query(), true);
        if (str_starts_with(strtolower($request->header('content-type') ?? ''), self::FORM) && $request->body !== '') {
            $pairs = array_merge($pairs, Verify::queryPairs($request->body, true));
        }
        return $pairs;
    }

    /**
     * Accept the request (return) or throw a Rejection; checks in this order: no parameter
     * repeated, Signature present, the required parameters present, SignatureMethod and
     * SignatureVersion, a non-empty signature and nonce, AccessKeyId known, Timestamp within the
     * window, signature, SignatureNonce not seen before.
     *
     * @param array<string, string> $credentials AccessKeyId => AccessKeySecret
     */
    public static function verify(ReceivedRequest $request, array $credentials, VerifySettings $server): void
    {
        $params = [];
        foreach (self::receivedParameters($request) as [$name, $value]) {
            if (array_key_exists($name, $params)) {
                throw new Rejection('malformed-auth', "parameter '$name' is sent twice");
            }
            $params[$name] = $value;
        }
        if (!array_key_exists('Signature', $params)) {
            throw new Rejection('missing-auth', 'no Signature parameter');
        }
        $signature = $params['Signature'];
        unset($params['Signature']);
        foreach (self::REQUIRED as $name) {
            if (!array_key_exists($name, $params)) {
                throw new Rejection('malformed-auth', "no $name parameter");
            }
        }
        if ($params['SignatureMethod'] !== self::SIGNATURE_METHOD) {
            throw new Rejection('unsupported-algorithm', "SignatureMethod '{$params['SignatureMethod']}'");
        }
        if ($params['SignatureVersion'] !== self::SIGNATURE_VERSION) {
            throw new Rejection('unsupported-algorithm', "SignatureVersion '{$params['SignatureVersion']}'");
        }
        if ($signature === '') {
            throw new Rejection('malformed-auth', 'the signature is empty');
        }
        $nonce = $params['SignatureNonce'];
        if ($nonce === '') {
            throw new Rejection('malformed-auth', 'the SignatureNonce is empty');
        }
        $secret = Verify::lookupSecret($credentials, $params['AccessKeyId'], 'AccessKeyId');
        $timestamp = Verify::parseUtc($params['Timestamp'], self::TIMESTAMP);
        if ($timestamp === null) {
            throw new Rejection('malformed-auth', "Timestamp '{$params['Timestamp']}' is not YYYY-MM-DDThh:mm:ssZ");
        }
        Verify::checkWindow($timestamp, $server->now, $server->aliyunSkewSeconds, 'Timestamp');
        $toSign = AliyunRpc::stringToSign($request->method, AliyunRpc::canonicalizedQueryString($params));
        if (!Verify::sameSignature(AliyunRpc::signature($secret, $toSign), $signature)) {
            throw new Rejection('signature-mismatch', "the signature differs from the server's");
        }
        if (in_array($nonce, $server->seenNonces, true)) {
            throw new Rejection('replay', "SignatureNonce '$nonce' was used before");
        }
    }
}
