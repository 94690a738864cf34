// tencentcloud-sdk-nodejs-common's TC3 signer as a sigvec implementation, through its public
// client path: CommonClient.request() at the vector's time, with the HTTP layer stubbed (the
// request the SDK would send is captured, a canned empty response returned).
"use strict";
const querystring = require("node:querystring");
const { CommonClient } = require("tencentcloud-sdk-nodejs-common");
const fetchModule = require("tencentcloud-sdk-nodejs-common/tencentcloud/common/http/fetch");
const p = require("./protocol");

// What the SDK sends that is not part of the signature scheme (client identification).
const NOT_SCHEME_HEADERS = new Set(["x-tc-requestclient", "x-tc-traceid", "x-tc-language"]);

function params(input) {
  if (input.method === "GET") {
    const parsed = querystring.parse(input.query || "");
    if (querystring.stringify(parsed) !== (input.query || "") || input.payload) {
      throw new p.Skip("the SDK builds a GET query with querystring.stringify() from an object; not this query");
    }
    return parsed;
  }
  if (input.query) throw new p.Skip("the SDK sends no query string with POST");
  let parsed;
  try {
    parsed = JSON.parse(input.payload);
  } catch {
    throw new p.Skip("the SDK always sends a JSON object as the POST body");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed) || JSON.stringify(parsed) !== input.payload) {
    throw new p.Skip("the SDK serialises the body with JSON.stringify(); it cannot send these exact bytes");
  }
  return parsed;
}

// The SDK reads the clock as new Date(); the vector's time stands in for it during the call.
async function atTime(seconds, call) {
  const RealDate = global.Date;
  global.Date = class extends RealDate {
    constructor(...args) {
      super(...(args.length ? args : [seconds * 1000]));
    }
  };
  try {
    return await call();
  } finally {
    global.Date = RealDate;
  }
}

async function sign(input) {
  if (!["GET", "POST"].includes(input.method)) throw new p.Skip("the SDK sends only GET and POST");
  const signed = input.signed_headers || ["content-type", "host"];
  if (signed.join(";") !== "content-type;host") throw new p.Skip("the SDK always signs exactly content-type;host");
  if (input.service !== input.host.split(".")[0]) {
    throw new p.Skip("the SDK takes the service name from the endpoint's first label");
  }
  const contentType = input.content_type || "application/json; charset=utf-8";
  if (input.method === "GET" && contentType !== "application/x-www-form-urlencoded") {
    throw new p.Skip("the SDK always sends Content-Type application/x-www-form-urlencoded with GET");
  }
  const request = params(input);
  const client = new CommonClient(input.host, input.version, {
    credential: { secretId: input.secret_id, secretKey: input.secret_key, token: input.token },
    region: input.region,
    profile: { httpProfile: { reqMethod: input.method, headers: input.method === "POST" ? { "Content-Type": contentType } : {} } },
  });
  let sent;
  fetchModule.default = async (url, config) => {
    sent = config;
    return { status: 200, headers: { get: () => "application/json" }, json: async () => ({ Response: { RequestId: "stub" } }) };
  };
  await atTime(input.timestamp, () => client.request(input.action, request));
  const headers = Object.fromEntries(Object.entries(sent.headers)
    .filter(([name]) => !NOT_SCHEME_HEADERS.has(name.toLowerCase()))
    .map(([name, value]) => [name, String(value)]));
  const authorization = headers.Authorization;
  return { output: { signature: authorization.split("Signature=")[1], authorization, headers } };
}

p.serve("tencentcloud-sdk-nodejs-common", p.version("tencentcloud-sdk-nodejs-common"), { "tencent-tc3": [[], sign] });
