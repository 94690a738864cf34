<?php

declare(strict_types=1);

namespace Sigvec;

/** A verifier's "invalid" verdict: one reason code (Verify::REASONS) and what failed. */
final class Rejection extends \Exception
{
    public function __construct(public readonly string $reason, string $message)
    {
        if (!in_array($reason, Verify::REASONS, true)) {
            throw new \InvalidArgumentException("unknown reason $reason");
        }
        parent::__construct($message);
    }
}

/**
 * A received HTTP request: $target is the path and '?query' exactly as on the request line;
 * $headers are [name, value] pairs in sent order, repeats kept; $body is the raw bytes.
 */
final class ReceivedRequest
{
    /** @param list<array{string, string}> $headers */
    public function __construct(
        public readonly string $method,
        public readonly string $target,
        public readonly array $headers = [],
        public readonly string $body = '',
    ) {
    }

    public function path(): string
    {
        return explode('?', $this->target, 2)[0];
    }

    public function query(): string
    {
        return explode('?', $this->target, 2)[1] ?? '';
    }

    /** @return list<string> every value sent under $name (case-insensitive), in sent order */
    public function headerValues(string $name): array
    {
        $wanted = strtolower($name);
        $values = [];
        foreach ($this->headers as [$sent, $value]) {
            if (strtolower(Encoding::trimWhitespace($sent)) === $wanted) {
                $values[] = $value;
            }
        }
        return $values;
    }

    /** The first value sent under $name, or null. */
    public function header(string $name): ?string
    {
        return $this->headerValues($name)[0] ?? null;
    }

    /** @return list<string> the lower-case names sent, each once, in first-sent order */
    public function headerNames(): array
    {
        $names = [];
        foreach ($this->headers as [$sent]) {
            $name = strtolower(Encoding::trimWhitespace($sent));
            if (!in_array($name, $names, true)) {
                $names[] = $name;
            }
        }
        return $names;
    }
}

/**
 * The server: its clock $now (POSIX seconds), the time windows as the vendors document them
 * (each overridable), optionally its own region and service (a scope naming others is
 * scope-mismatch; null accepts any) and the nonces it has accepted.
 */
final class VerifySettings
{
    public int $awsSkewSeconds = 15 * 60; // RequestTimeTooSkewed beyond 15 minutes
    public int $awsMaxExpiresSeconds = 7 * 24 * 3600; // X-Amz-Expires at most 604800
    public int $tc3SkewSeconds = 5 * 60; // AuthFailure.SignatureExpire beyond 5 minutes
    public int $aliyunSkewSeconds = 15 * 60; // InvalidTimeStamp.Expired beyond 15 minutes
    public int $iflytekSkewSeconds = 5 * 60; // "more than 5 minutes from server time"
    public ?string $region = null;
    public ?string $service = null;
    /** @var list<string> */
    public array $seenNonces = [];

    public function __construct(public float $now)
    {
    }
}

/** The small checks every scheme's verifier runs, each in its own order. */
final class Verify
{
    public const REASONS = [
        'missing-auth', 'malformed-auth', 'unsupported-algorithm', 'unknown-key', 'scope-mismatch',
        'clock-skew', 'expired', 'unsigned-header', 'signature-mismatch', 'payload-hash-mismatch', 'replay',
    ];

    /** What the Authorization header's parts are trimmed of. */
    private const SPACES = " \t\n\r\x0B\x0C";

    private function __construct()
    {
    }

    /**
     * key=value pairs of a raw query (empty pieces skipped, no '=' means an empty value),
     * percent-decoded. $plusIsSpace: form decoding, as PHP and servlet containers read a query.
     *
     * @return list<array{string, string}>
     */
    public static function queryPairs(string $query, bool $plusIsSpace = false): array
    {
        $pairs = [];
        foreach ($query === '' ? [] : explode('&', $query) as $piece) {
            if ($piece === '') {
                continue;
            }
            [$key, $value] = array_pad(explode('=', $piece, 2), 2, '');
            if ($plusIsSpace) {
                [$key, $value] = [str_replace('+', ' ', $key), str_replace('+', ' ', $value)];
            }
            $pairs[] = [self::utf8Text(Encoding::percentDecode($key)), self::utf8Text(Encoding::percentDecode($value))];
        }
        return $pairs;
    }

    /**
     * Decoded bytes as UTF-8 text: each ill-formed sequence (its maximal valid prefix, or one
     * byte) becomes U+FFFD, as Python, Node and Java decode; without mbstring.
     */
    public static function utf8Text(string $bytes): string
    {
        if (preg_match('//u', $bytes) === 1) {
            return $bytes;
        }
        return preg_replace_callback(
            '/[\x00-\x7F]|[\xC2-\xDF][\x80-\xBF]|\xE0[\xA0-\xBF][\x80-\xBF]|[\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}'
            . '|\xED[\x80-\x9F][\x80-\xBF]|\xF0[\x90-\xBF][\x80-\xBF]{2}|[\xF1-\xF3][\x80-\xBF]{3}|\xF4[\x80-\x8F][\x80-\xBF]{2}'
            . '|(\xE0[\xA0-\xBF]|[\xE1-\xEC\xEE\xEF][\x80-\xBF]|\xED[\x80-\x9F]|\xF0[\x90-\xBF][\x80-\xBF]?'
            . '|[\xF1-\xF3][\x80-\xBF]{1,2}|\xF4[\x80-\x8F][\x80-\xBF]?|[\x80-\xFF])/s',
            static fn (array $m): string => isset($m[1]) ? "\u{FFFD}" : $m[0],
            $bytes,
        );
    }

    /**
     * @param list<array{string, string}> $pairs
     * @return list<string> the values of the pairs named $name, in order
     */
    public static function valuesOf(array $pairs, string $name): array
    {
        $values = [];
        foreach ($pairs as [$key, $value]) {
            if ($key === $name) {
                $values[] = $value;
            }
        }
        return $values;
    }

    /**
     * The one value sent under $name, or null; a repeat is malformed-auth.
     *
     * @param list<string> $values
     */
    public static function single(array $values, string $name): ?string
    {
        if (count($values) > 1) {
            throw new Rejection('malformed-auth', "$name is sent " . count($values) . ' times');
        }
        return $values[0] ?? null;
    }

    /** Clock-skew when $requestTime is more than $window seconds from $now (the edge is accepted). */
    public static function checkWindow(float $requestTime, float $now, int $window, string $what): void
    {
        $offset = $requestTime - $now;
        if (abs($offset) > $window) {
            $side = $offset > 0 ? 'ahead of' : 'behind';
            throw new Rejection('clock-skew', sprintf('%s is %.0f s %s the server clock (window: %d s)', $what, abs($offset), $side, $window));
        }
    }

    /** Constant-time, byte-for-byte comparison (upper-case hex is another signature). */
    public static function sameSignature(string $expected, string $received): bool
    {
        return hash_equals($expected, $received);
    }

    /** @param array<string, string> $credentials key id => secret */
    public static function lookupSecret(array $credentials, string $keyId, string $what): string
    {
        if (!array_key_exists($keyId, $credentials)) {
            throw new Rejection('unknown-key', "$what '$keyId' is not known to the server");
        }
        return (string) $credentials[$keyId];
    }

    /** Non-empty ASCII digits, at most $maxDigits of them. */
    public static function isDigits(?string $text, int $maxDigits = PHP_INT_MAX): bool
    {
        return $text !== null && strlen($text) <= $maxDigits && preg_match('/\A[0-9]+\z/', $text) === 1;
    }

    /**
     * POSIX seconds of a UTC time matched by $pattern (groups: year, month, day, hour, minute,
     * second), or null when it is not one or not a real date.
     */
    public static function parseUtc(string $text, string $pattern): ?int
    {
        if (preg_match($pattern, $text, $m) !== 1) {
            return null;
        }
        [$year, $month, $day, $hour, $minute, $second] = array_map('intval', array_slice($m, 1, 6));
        if ($year < 1 || !checkdate($month, $day, $year) || $hour > 23 || $minute > 59 || $second > 59) {
            return null;
        }
        return gmmktime($hour, $minute, $second, $month, $day, $year);
    }

    /**
     * 'ALGORITHM Credential=..., SignedHeaders=..., Signature=...' (AWS and TC3 alike): each part
     * exactly once, nothing else, a non-empty Signature.
     *
     * @return array{Credential: string, SignedHeaders: string, Signature: string}
     */
    public static function parseAuthorization(string $value, string $algorithm): array
    {
        [$token, $rest] = array_pad(explode(' ', trim($value, self::SPACES), 2), 2, '');
        if ($token === '') {
            throw new Rejection('malformed-auth', 'the Authorization header is empty');
        }
        if ($token !== $algorithm) {
            throw new Rejection('unsupported-algorithm', "Authorization algorithm '$token', expected $algorithm");
        }
        $parts = [];
        foreach (explode(',', $rest) as $piece) {
            $piece = trim($piece, self::SPACES);
            if (!str_contains($piece, '=')) {
                throw new Rejection('malformed-auth', "Authorization part '$piece' has no '='");
            }
            [$name, $part] = explode('=', $piece, 2);
            if (array_key_exists($name, $parts)) {
                throw new Rejection('malformed-auth', "Authorization part $name is repeated");
            }
            $parts[$name] = $part;
        }
        $expected = ['Credential', 'SignedHeaders', 'Signature'];
        foreach (array_keys($parts) as $name) {
            if (!in_array((string) $name, $expected, true)) {
                throw new Rejection('malformed-auth', "Authorization has an unknown part '$name'");
            }
        }
        foreach ($expected as $name) {
            if (!array_key_exists($name, $parts)) {
                throw new Rejection('malformed-auth', "Authorization lacks $name=");
            }
        }
        if ($parts['Signature'] === '') {
            throw new Rejection('malformed-auth', 'the signature is empty');
        }
        return $parts;
    }
}
