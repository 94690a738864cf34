'use strict';
// The vendors' published worked examples, values typed from their documents.
// Run: node --test test/

const test = require('node:test');
const assert = require('node:assert/strict');

const streaming = require('../lib/aws-sigv4-streaming');
const acs3 = require('../lib/aliyun-acs3');
const iflytekWs = require('../lib/iflytek-ws');

// S3 API Reference, "Signature Calculations for the Authorization Header: Transferring Payload
// in Multiple Chunks", example PUT Object (66560 bytes of 'a', 64 KiB chunks), and "Signature
// calculations for trailing headers" (the same upload with an x-amz-checksum-crc32c trailer):
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
const S3_UPLOAD = {
  method: 'PUT',
  path: '/examplebucket/chunkObject.txt',
  headers: [['Host', 's3.amazonaws.com'], ['x-amz-storage-class', 'REDUCED_REDUNDANCY']],
  body: 'a'.repeat(66560),
  chunk_size: 65536,
  access_key_id: 'AKIAIOSFODNN7EXAMPLE',
  secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  timestamp: '20130524T000000Z',
};

test('aws-sigv4-streaming: the S3 chunked upload example', () => {
  const { intermediates, output } = streaming.sign(S3_UPLOAD);
  assert.equal(
    intermediates.string_to_sign,
    'AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n' +
      'cee3fed04b70f867d036f722359b0b1f2f0e5dc0efadbc082b76c4c60e316455',
  );
  assert.equal(output.signature, '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
  assert.equal(
    intermediates.chunk_strings_to_sign[0],
    'AWS4-HMAC-SHA256-PAYLOAD\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n' +
      '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9\n' +
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n' +
      'bf718b6f653bebc184e1479f1935b8da974d701b893afcf49e701f3e2f9f9c5a',
  );
  assert.deepEqual(output.chunk_headers, [
    '10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
    '400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
    '0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
  ]);
  assert.equal(output.headers['Content-Length'], '66824');
  assert.equal(output.headers['X-Amz-Decoded-Content-Length'], '66560');
  assert.ok(!('trailer_signature' in intermediates));
});

test('aws-sigv4-streaming: the S3 trailer example', () => {
  const input = { ...S3_UPLOAD, sign_content_length: false, trailer: [['x-amz-checksum-crc32c', 'sOO8/Q==']] };
  const { intermediates, output } = streaming.sign(input);
  assert.equal(output.signature, '106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e');
  assert.deepEqual(intermediates.chunk_signatures, [
    'b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2',
    '1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7',
    '2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992',
  ]);
  assert.equal(
    intermediates.trailer_string_to_sign,
    'AWS4-HMAC-SHA256-TRAILER\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n' +
      '2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992\n' +
      '1e376db7e1a34a8ef1c4bcee131a2d60a1cb62503747488624e10995f448d774',
  );
  assert.equal(intermediates.trailer_signature, 'd81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435');
  assert.equal(output.headers['Content-Length'], '66946');
  assert.equal(output.headers['X-Amz-Trailer'], 'x-amz-checksum-crc32c');
});

test('aws-sigv4-streaming: chunking and chunk header lines', () => {
  const sizes = (n, size) => streaming.chunks(Buffer.alloc(n), size).map((chunk) => chunk.length);
  assert.deepEqual(sizes(0, 4), [0]);
  assert.deepEqual(sizes(4, 4), [4, 0]);
  assert.deepEqual(sizes(5, 4), [4, 1, 0]);
  assert.equal(streaming.chunkHeader(0x1a, 's'), '1a;chunk-signature=s');
  assert.throws(() => streaming.sign({ ...S3_UPLOAD, headers: [['Content-Encoding', 'gzip']] }), /set by the signer/);
});

// Alibaba Cloud, "V3 request structure and signature", the RunInstances example:
// https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature
test('aliyun-acs3: the V3 signature example', () => {
  const { intermediates, output } = acs3.sign({
    method: 'POST',
    path: '/',
    query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
    headers: [
      ['host', 'ecs.cn-shanghai.aliyuncs.com'],
      ['x-acs-action', 'RunInstances'],
      ['x-acs-version', '2014-05-26'],
      ['x-acs-date', '2023-10-26T10:22:32Z'],
      ['x-acs-signature-nonce', '3156853299f313e23d1673dc12e1703d'],
    ],
    access_key_id: 'YourAccessKeyId',
    access_key_secret: 'YourAccessKeySecret',
  });
  assert.equal(
    intermediates.canonical_request,
    'POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n' +
      'host:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\n' +
      'x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n' +
      'x-acs-date:2023-10-26T10:22:32Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n' +
      'x-acs-version:2014-05-26\n\n' +
      'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n' +
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  );
  assert.equal(
    output.authorization,
    'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;' +
      'x-acs-date;x-acs-signature-nonce;x-acs-version,' +
      'Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
  );
});

test('aliyun-acs3: sort by name, then encode', () => {
  assert.equal(
    acs3.canonicalQueryString({ 'a[b]': '2', 'a.b': '1', b: '', c: 'x y*~' }),
    'a.b=1&a%5Bb%5D=2&b=&c=x%20y%2A~',
  );
});

// iFlytek speech dictation and Spark speech dictation API documents (the latter shows the URL):
// https://www.xfyun.cn/doc/asr/voicedictation/API.html
// https://www.xfyun.cn/doc/spark/spark_zh_iat.html
test('iflytek-ws: the dictation documents\' examples', () => {
  const keys = { api_key: 'keyxxxxxxxx8ee279348519exxxxxxxx', api_secret: 'secretxxxxxxxx2df7900c09xxxxxxxx' };
  const v2 = iflytekWs.sign({ ...keys, host: 'iat-api.xfyun.cn', path: '/v2/iat', date: 'Wed, 10 Jul 2019 07:35:43 GMT' });
  assert.equal(v2.intermediates.signature_origin, 'host: iat-api.xfyun.cn\ndate: Wed, 10 Jul 2019 07:35:43 GMT\nGET /v2/iat HTTP/1.1');
  assert.equal(v2.output.signature, 'Hp3Ty4ZkSBmL8jKyOLpQiv9Sr5nvmeYEH7WsL/ZO2Jg=');
  assert.equal(
    v2.output.authorization,
    'YXBpX2tleT0ia2V5eHh4eHh4eHg4ZWUyNzkzNDg1MTlleHh4eHh4eHgiLCBhbGdvcml0aG09ImhtYWMtc2hhMjU2IiwgaGVhZGVycz0iaG9zdCBkYXRlIHJlcXVlc3QtbGluZSIsIHNpZ25hdHVyZT0iSHAzVHk0WmtTQm1MOGpLeU9McFFpdjlTcjVudm1lWUVIN1dzTC9aTzJKZz0i',
  );
  const spark = iflytekWs.sign({ ...keys, host: 'iat.xf-yun.com', path: '/v1', date: 'Tue, 14 May 2024 08:46:48 GMT' });
  assert.equal(spark.output.signature, 'S66FeqTJlvkd+KfJg+a73BAabocwRg2scKflONI8o80=');
  assert.equal(
    spark.output.query,
    'authorization=YXBpX2tleT0ia2V5eHh4eHh4eHg4ZWUyNzkzNDg1MTlleHh4eHh4eHgiLCBhbGdvcml0aG09ImhtYWMtc2hhMjU2IiwgaGVhZGVycz0iaG9zdCBkYXRlIHJlcXVlc3QtbGluZSIsIHNpZ25hdHVyZT0iUzY2RmVxVEpsdmtkK0tmSmcrYTczQkFhYm9jd1JnMnNjS2ZsT05JOG84MD0i' +
      '&date=Tue%2C%2014%20May%202024%2008%3A46%3A48%20GMT&host=iat.xf-yun.com',
  );
});
