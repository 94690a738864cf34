// @alicloud/pop-core's RPC signature as a sigvec implementation, through its public client path:
// RPCClient.request() with the HTTP layer (httpx) stubbed; the signed query is what it would send
// (the URL's query for GET, the form body for POST).
"use strict";
const httpx = require("httpx");
const RPCClient = require("@alicloud/pop-core").RPCClient;
const p = require("./protocol");

// The parameters the client always sends (a user's own values override its defaults).
const ALWAYS_SENT = ["Action", "Version", "Format", "Timestamp", "SignatureMethod", "SignatureVersion", "SignatureNonce", "AccessKeyId"];

async function sign(input) {
  const params = input.params;
  const absent = ALWAYS_SENT.filter((name) => !(name in params));
  if (absent.length) throw new p.Skip(`pop-core always sends ${absent.join(", ")}`);
  if (!["GET", "POST"].includes(input.method)) throw new p.Skip("pop-core sends only GET and POST");
  const client = new RPCClient({
    endpoint: "https://ecs.aliyuncs.com",
    apiVersion: params.Version,
    accessKeyId: params.AccessKeyId,
    accessKeySecret: input.access_key_secret,
  });
  let sent;
  httpx.request = async (url, opts) => {
    sent = { url, opts };
    return { req: { getHeaders: () => opts.headers }, statusCode: 200, headers: {} };
  };
  httpx.read = async () => Buffer.from('{"RequestId": "stub"}');
  await client.request(params.Action, params, { method: input.method, formatAction: false, formatParams: false });
  const signedQuery = input.method === "POST" ? sent.opts.data : sent.url.slice(sent.url.indexOf("?") + 1);
  const signature = new URLSearchParams(signedQuery.replace(/\+/g, "%2B")).get("Signature");
  return { output: { signature, signed_query: signedQuery } };
}

p.serve("@alicloud/pop-core", p.version("@alicloud/pop-core"), { "aliyun-rpc": [[], sign] });
