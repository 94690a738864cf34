<?php

declare(strict_types=1);

namespace Sigvec;

/**
 * An input that cannot be signed: a missing or mistyped field, or a value the scheme rejects.
 * The message starts with the field's name, e.g. "timestamp: ...".
 */
final class InputError extends \InvalidArgumentException
{
    public function __construct(public readonly string $field, string $message)
    {
        parent::__construct("$field: $message");
    }

    /** A required string field. */
    public static function string(array $input, string $field, ?string $default = null): string
    {
        $value = $input[$field] ?? $default;
        if ($value === null) {
            throw new self($field, 'missing');
        }
        if (!is_string($value)) {
            throw new self($field, 'expected a string, got ' . get_debug_type($value));
        }
        return $value;
    }

    /** An optional string field: null when absent. */
    public static function optionalString(array $input, string $field): ?string
    {
        return array_key_exists($field, $input) ? self::string($input, $field) : null;
    }

    public static function bool(array $input, string $field, bool $default): bool
    {
        $value = $input[$field] ?? $default;
        if (!is_bool($value)) {
            throw new self($field, 'expected a boolean, got ' . get_debug_type($value));
        }
        return $value;
    }

    public static function int(array $input, string $field, ?int $default = null): int
    {
        $value = $input[$field] ?? $default;
        if ($value === null) {
            throw new self($field, 'missing');
        }
        if (!is_int($value)) {
            throw new self($field, 'expected an integer, got ' . get_debug_type($value));
        }
        return $value;
    }

    /** A required JSON array (list) or object field, as json_decode(..., true) gives it. */
    public static function array(array $input, string $field, ?array $default = null): array
    {
        $value = $input[$field] ?? $default;
        if ($value === null) {
            throw new self($field, 'missing');
        }
        if (!is_array($value)) {
            throw new self($field, 'expected an array or object, got ' . get_debug_type($value));
        }
        return $value;
    }

    /**
     * A required list of [name, value] string pairs (headers, trailers), in the order given.
     *
     * @return list<array{string, string}>
     */
    public static function pairs(array $input, string $field): array
    {
        $pairs = [];
        foreach (self::array($input, $field) as $i => $pair) {
            if (!is_array($pair) || !array_is_list($pair) || count($pair) !== 2
                || !is_string($pair[0]) || !is_string($pair[1])) {
                throw new self("{$field}[$i]", 'expected a [name, value] pair of strings');
            }
            $pairs[] = $pair;
        }
        return $pairs;
    }
}
