<?php

/**
 * The sigvec line protocol (runner/PROTOCOL.md, version 1) over stdin/stdout: one JSON object
 * per line, UTF-8. One process serves every vector; stdout carries nothing but answers.
 *
 * Usage: php main.php
 */

declare(strict_types=1);

namespace Sigvec;

require_once __DIR__ . '/src/Encoding.php';
require_once __DIR__ . '/src/InputError.php';
require_once __DIR__ . '/src/AwsSigV4.php';
require_once __DIR__ . '/src/TencentTc3.php';
require_once __DIR__ . '/src/AliyunRpc.php';
require_once __DIR__ . '/src/Iflytek.php';
require_once __DIR__ . '/src/AwsSigv4Streaming.php';
require_once __DIR__ . '/src/AliyunAcs3.php';
require_once __DIR__ . '/src/IflytekWs.php';
// scaffold: requires
require_once __DIR__ . '/src/VerifyCommand.php';

// PHP CLI prints notices and warnings on stdout by default: send them to stderr, and make
// every one of them an exception so that a request answers "errored" instead of guessing.
error_reporting(E_ALL);
ini_set('display_errors', 'stderr');
set_error_handler(static function (int $severity, string $message, string $file, int $line): bool {
    throw new \ErrorException($message, 0, $severity, $file, $line);
});

/** Scheme id => class with STEPS and signInput(array): array. */
const SCHEMES = [
    AwsSigV4::SCHEME => AwsSigV4::class,
    TencentTc3::SCHEME => TencentTc3::class,
    AliyunRpc::SCHEME => AliyunRpc::class,
    Iflytek::SCHEME => Iflytek::class,
    AwsSigv4Streaming::SCHEME => AwsSigv4Streaming::class,
    AliyunAcs3::SCHEME => AliyunAcs3::class,
    IflytekWs::SCHEME => IflytekWs::class,
    // scaffold: schemes
];

/**
 * PHP strings are bytes: input lines are UTF-8 and stay so (json_decode() rejects anything
 * else), and JSON_UNESCAPED_UNICODE writes UTF-8 back. No charset or locale is involved.
 */
function send(array $message): void
{
    fwrite(STDOUT, json_encode($message, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR) . "\n");
    fflush(STDOUT);
}

function errored(mixed $seq, \Throwable $error): array
{
    return [
        'seq' => $seq,
        'errored' => true,
        'context' => [
            'message' => $error->getMessage() !== '' ? $error->getMessage() : get_class($error),
            'traceback' => get_class($error) . ' at ' . $error->getFile() . ':' . $error->getLine()
                . "\n" . $error->getTraceAsString(),
        ],
    ];
}

function startAnswer(array $request): array
{
    if (($request['version'] ?? null) !== 1) {
        return ['ready' => false, 'version' => 1];
    }
    $schemes = [];
    foreach (SCHEMES as $id => $class) {
        $schemes[$id] = $class::STEPS;
    }
    return [
        'ready' => true,
        'version' => 1,
        'pipeline' => 64,
        'implementation' => [
            'name' => 'sigvec-php',
            'language' => 'php',
            'version' => 'php' . PHP_VERSION,
            'schemes' => $schemes,
            'verify' => VerifyCommand::schemes(),
        ],
    ];
}

function runAnswer(array $request): array
{
    $seq = $request['seq'] ?? null;
    $class = SCHEMES[$request['scheme'] ?? ''] ?? null;
    if ($class === null) {
        return ['seq' => $seq, 'skipped' => true, 'message' => 'scheme not supported'];
    }
    $input = $request['input'] ?? null;
    if (!is_array($input)) {
        throw new InputError('input', 'expected an object');
    }
    $signed = $class::signInput($input);
    // An empty PHP array encodes as [], but headers are a JSON object ({} in AWS query form).
    if (isset($signed['output']['headers'])) {
        $signed['output']['headers'] = (object) $signed['output']['headers'];
    }
    return ['seq' => $seq, 'intermediates' => $signed['intermediates'], 'output' => $signed['output']];
}

while (($line = fgets(STDIN)) !== false) {
    $line = trim($line);
    if ($line === '') {
        continue;
    }
    $seq = null;
    try {
        $request = json_decode($line, true, 512, JSON_THROW_ON_ERROR);
        if (!is_array($request)) {
            throw new \UnexpectedValueException('request is not a JSON object');
        }
        $seq = $request['seq'] ?? null;
        switch ($request['cmd'] ?? null) {
            case 'start':
                send(startAnswer($request));
                break;
            case 'run':
                send(runAnswer($request));
                break;
            case 'verify':
                send(VerifyCommand::answer($request));
                break;
            case 'stop':
                exit(0);
            default:
                throw new \UnexpectedValueException('unknown cmd ' . json_encode($request['cmd'] ?? null));
        }
    } catch (\Throwable $error) {
        send(errored($seq, $error));
    }
}
exit(0);
