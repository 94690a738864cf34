'use strict';
// The verifiers on the vendors' documented examples, with the verdicts of
// vectors/verify/<scheme>.json (tcIds in the test names). Run: node --test test/

const test = require('node:test');
const assert = require('node:assert/strict');
const { Buffer } = require('node:buffer');

const { ReceivedRequest, Rejection, settings } = require('../lib/verify');
const awsVerify = require('../lib/aws-sigv4-verify');
const tencentVerify = require('../lib/tencent-tc3-verify');
const aliyunVerify = require('../lib/aliyun-rpc-verify');
const iflytekVerify = require('../lib/iflytek-verify');

/**
 * 'valid', or the reason code of the rejection.
 * @param {{verify: Function}} verifier
 * @param {ReceivedRequest} request
 * @param {Record<string, string>} credentials
 * @param {string} now
 * @param {object} [server]
 */
function verdict(verifier, request, credentials, now, server = {}) {
  try {
    verifier.verify(request, credentials, settings(Date.parse(now) / 1000, server));
    return 'valid';
  } catch (err) {
    if (err instanceof Rejection) return err.reason;
    throw err;
  }
}

test('aws-sigv4: the documented GET (1001, 1026, 1036) and a presigned STS URL (1004, 1038)', () => {
  const credentials = { AKIDEXAMPLE: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
  /** @param {string} method */
  const get = (method) =>
    new ReceivedRequest(method, '/path/to/resource?Param1=value1&Param2=value%202', [
      ['Host', 'example.amazonaws.com'],
      ['My-Header1', 'value1'],
      ['X-Amz-Date', '20150830T123600Z'],
      [
        'Authorization',
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
          'SignedHeaders=host;my-header1;x-amz-date, Signature=a184cd7f08cfab3745fef178f0cb6d2bfbc0cc176ceb282683773fc3c6e299d1',
      ],
    ]);
  const presigned = new ReceivedRequest(
    'GET',
    '/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
      '&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20150830T123600Z' +
      '&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=e8d7e61248a0d11a99b5981a6802d73250938b6d2c6f32f9a6b8a331d25ef4b1',
    [['Host', 'sts.amazonaws.com']],
  );
  assert.equal(verdict(awsVerify, get('GET'), credentials, '2015-08-30T12:36:00Z'), 'valid');
  assert.equal(verdict(awsVerify, get('DELETE'), credentials, '2015-08-30T12:36:00Z'), 'signature-mismatch');
  assert.equal(verdict(awsVerify, get('GET'), credentials, '2015-08-30T12:51:01Z'), 'clock-skew');
  assert.equal(verdict(awsVerify, presigned, credentials, '2015-08-30T12:36:00Z'), 'valid');
  assert.equal(verdict(awsVerify, presigned, credentials, '2015-08-30T12:51:01Z'), 'expired');
});

test('tencent-tc3: the documented JSON POST (1001, 1005, 1033, 1036)', () => {
  const request = new ReceivedRequest(
    'POST',
    '/',
    [
      [
        'Authorization',
        'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, ' +
          'SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
      ],
      ['Content-Type', 'application/json; charset=utf-8'],
      ['Host', 'cvm.tencentcloudapi.com'],
      ['X-TC-Action', 'DescribeInstances'],
      ['X-TC-Timestamp', '1551113065'],
      ['X-TC-Version', '2017-03-12'],
      ['X-TC-Region', 'ap-guangzhou'],
    ],
    Buffer.from('{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}', 'utf8'),
  );
  const credentials = { AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE' };
  assert.equal(verdict(tencentVerify, request, credentials, '2019-02-25T16:44:25Z'), 'valid');
  assert.equal(verdict(tencentVerify, request, credentials, '2019-02-25T16:49:25Z'), 'valid');
  assert.equal(verdict(tencentVerify, request, credentials, '2019-02-25T16:49:26Z'), 'clock-skew');
  assert.equal(verdict(tencentVerify, request, credentials, '2019-02-25T16:44:25Z', { service: 'cbs' }), 'scope-mismatch');
});

test('aliyun-rpc: the documented DescribeRegions call (1001, 1034, 1036)', () => {
  const request = new ReceivedRequest(
    'GET',
    '/?AccessKeyId=testid&Action=DescribeRegions&Format=XML&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D' +
      '&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0' +
      '&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26',
    [['Host', 'ecs.aliyuncs.com']],
  );
  const now = '2016-02-23T12:46:24Z';
  assert.equal(verdict(aliyunVerify, request, { testid: 'testsecret' }, now), 'valid');
  const seenNonces = ['3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf'];
  assert.equal(verdict(aliyunVerify, request, { testid: 'testsecret' }, now, { seenNonces }), 'replay');
  assert.equal(verdict(aliyunVerify, request, { otherid: 'testsecret' }, now), 'unknown-key');
});

test('iflytek: the documented key and secret (1001, 1023, 1030) and the demo query (1002, 1046)', () => {
  /** @param {string} signature */
  const headerForm = (signature) =>
    new ReceivedRequest('POST', '/v1/private/ocr', [
      ['Host', 'api.example.com'],
      ['X-App-Key', 'zmeet'],
      ['X-Timestamp', '1529223702'],
      ['X-App-Signature', signature],
    ]);
  /** @param {string} signa */
  const queryForm = (signa) => new ReceivedRequest('GET', `/v1/private/ocr?appid=xxx&ts=1674496098&signa=${signa}`);
  const credentials = { zmeet: 'ba9e07dc-1d79-4f7a-ab49-0205d3c0e073', xxx: 'xxx' };
  assert.equal(verdict(iflytekVerify, headerForm('zOeIe/zVMA9DugfB/IEXL5m7e2k='), credentials, '2018-06-17T08:21:42Z'), 'valid');
  assert.equal(verdict(iflytekVerify, headerForm('ZOEIE/ZVMA9DUGFB/IEXL5M7E2K='), credentials, '2018-06-17T08:21:42Z'), 'signature-mismatch');
  assert.equal(verdict(iflytekVerify, headerForm('zOeIe/zVMA9DugfB/IEXL5m7e2k='), credentials, '2018-06-17T08:26:43Z'), 'clock-skew');
  assert.equal(verdict(iflytekVerify, queryForm('06xprL749yJv%2Bobr31CRCBZ44N8%3D'), credentials, '2023-01-23T17:48:18Z'), 'valid');
  assert.equal(verdict(iflytekVerify, queryForm('06xprL749yJv+obr31CRCBZ44N8='), credentials, '2023-01-23T17:48:18Z'), 'signature-mismatch');
});
