'use strict';
// Table tests over the shared vectors (../../../vectors/*.json) and a few hand-picked values.
// Run: node --test test/

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { asciiLower, asciiStrip, compareUtf8, percentDecode, percentEncode } = require('../lib/encoding');
const aws = require('../lib/aws-sigv4');
const tencent = require('../lib/tencent-tc3');
const aliyun = require('../lib/aliyun-rpc');
const iflytek = require('../lib/iflytek');
const streaming = require('../lib/aws-sigv4-streaming');
const acs3 = require('../lib/aliyun-acs3');
const iflytekWs = require('../lib/iflytek-ws');

const VECTORS = path.join(__dirname, '..', '..', '..', 'vectors');

/** @param {string} scheme */
function vectors(scheme) {
  const doc = JSON.parse(fs.readFileSync(path.join(VECTORS, `${scheme}.json`), 'utf8'));
  return { steps: doc.steps, tests: doc.testGroups.flatMap((group) => group.tests) };
}

for (const module of [aws, tencent, aliyun, iflytek, streaming, acs3, iflytekWs]) {
  test(`${module.SCHEME}: every vector, every step and the output`, async (t) => {
    const { steps, tests } = vectors(module.SCHEME);
    assert.deepEqual(module.STEPS, steps);
    for (const vector of tests) {
      await t.test(`tcId ${vector.tcId}: ${vector.comment}`, () => {
        const { intermediates, output } = module.sign(vector.input);
        // deepEqual: the streaming chunk steps are lists; a step the vector lacks must be absent too
        for (const step of steps) assert.deepEqual(intermediates[step], vector.intermediates[step], step);
        assert.deepEqual(output, vector.output);
      });
    }
  });
}

test('percentEncode: RFC 3986 over UTF-8 bytes', () => {
  const table = [
    ['abcXYZ019-_.~', 'abcXYZ019-_.~'],
    [' ', '%20'],
    ['*', '%2A'],
    ['+', '%2B'],
    ['/', '%2F'],
    ['%', '%25'],
    ['é', '%C3%A9'],
    ['\u{1F600}', '%F0%9F%98%80'],
  ];
  for (const [text, encoded] of table) assert.equal(percentEncode(text), encoded, text);
  assert.equal(percentEncode('/a b/%20', '/%'), '/a%20b/%20');
  assert.deepEqual(percentDecode('a%2Bb+%zz%'), Buffer.from('a+b+%zz%', 'utf8'));
});

test('compareUtf8 orders by code point, not UTF-16 unit', () => {
  // U+FFFD is one UTF-16 unit above the surrogates of U+1F600, but below it in UTF-8.
  assert.ok(compareUtf8('\uFFFD', '\u{1F600}') < 0);
  assert.ok('\uFFFD' > '\u{1F600}');
  assert.ok(compareUtf8('B', 'a') < 0);
});

test('asciiLower and asciiStrip touch ASCII only', () => {
  assert.equal(asciiLower('X-Amz-İΣ'), 'x-amz-İΣ');
  assert.equal(asciiStrip(' \t\r\n\u00a0v a\u3000 \n'), '\u00a0v a\u3000');
  const { canonicalHeaders } = aws.canonicalHeaders([['My-Header', '  a \n  b  ']]);
  assert.equal(canonicalHeaders, 'my-header:a b\n');
});

test('aws-sigv4: canonicalUri per vector', () => {
  for (const { input, intermediates } of vectors('aws-sigv4').tests) {
    const uri = aws.canonicalUri(input.path, input.normalize_path ?? true, input.double_encode_path ?? true);
    assert.equal(uri, intermediates.canonical_uri, input.path);
  }
});

test('aws-sigv4: signingKey of the AWS test suite', () => {
  const key = aws.signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830', 'us-east-1', 'iam');
  assert.equal(key.toString('hex'), 'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
});

test('tencent-tc3: date is the UTC date', () => {
  for (const { input, intermediates } of vectors('tencent-tc3').tests) {
    assert.equal(tencent.utcDate(input.timestamp), intermediates.date, String(input.timestamp));
  }
  assert.equal(tencent.utcDate(1551113065), '2019-02-25');
});

test('aliyun-rpc: step functions per vector', () => {
  for (const { input, intermediates, output } of vectors('aliyun-rpc').tests) {
    const canonical = aliyun.canonicalizedQueryString(input.params);
    assert.equal(canonical, intermediates.canonicalized_query_string);
    const toSign = aliyun.stringToSign(input.method, canonical);
    assert.equal(toSign, intermediates.string_to_sign);
    const digest = aliyun.hmacSha1Digest(input.access_key_secret, toSign);
    assert.equal(digest.toString('base64'), output.signature);
  }
});

test('iflytek: step functions per vector', () => {
  for (const { input, intermediates, output } of vectors('iflytek').tests) {
    const base = iflytek.baseString(input.app_id, input.ts);
    assert.equal(base, intermediates.base_string);
    const md5 = iflytek.md5Hex(base);
    assert.equal(md5, intermediates.md5_hex);
    assert.equal(iflytek.hmacSha1(input.app_secret, md5).toString('hex'), intermediates.hmac_sha1_hex);
    assert.equal(iflytek.signIflytek(input.app_id, input.ts, input.app_secret).output.signature, output.signature);
  }
  assert.equal(iflytek.signIflytek('xxx', '1674496098', 'xxx').output.signature, '06xprL749yJv+obr31CRCBZ44N8=');
});

test('stop: every answer written before it reaches a reader that lags', async () => {
  const { spawn } = require('node:child_process');
  // More answers than a pipe holds (64 KiB), all asked for, and stop sent, before reading any.
  const requests = [{ cmd: 'start', version: 1 }];
  for (let seq = 0; seq < 3000; seq += 1) {
    requests.push({ cmd: 'run', seq, scheme: 'iflytek', input: { app_id: 'x', ts: String(seq), app_secret: 's' } });
  }
  requests.push({ cmd: 'stop' }, { cmd: 'run', seq: 'after-stop', scheme: 'iflytek', input: {} });
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'main.js')]);
  child.stdout.pause();
  child.stdin.end(requests.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
  child.stdout.resume();
  const status = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(status, 0);
  const answers = out.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(answers.length, 3001); // start, 3000 runs, nothing after stop
  assert.equal(answers[3000].seq, 2999);
});
