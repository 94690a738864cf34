// @alicloud/pop-core's RPC signing functions as a sigvec implementation, over every parameter set
// (its public client always adds its own common parameters; see alicloud-pop-core.js). The
// module keeps normalize / canonicalize / encode private, so lib/rpc.js is loaded with one line
// appended that exports them; the string to sign and the HMAC are composed exactly as
// RPCClient.request() composes them, with its own dependency kitx.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");
const kitx = require("kitx");
const p = require("./protocol");

function signingFunctions() {
  const file = require.resolve("@alicloud/pop-core/lib/rpc.js");
  const source = fs.readFileSync(file, "utf8") + "\nmodule.exports.__signing = { normalize, canonicalize, encode };\n";
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(path.dirname(file));
  loaded._compile(source, file);
  return loaded.exports.__signing;
}

const { normalize, canonicalize, encode } = signingFunctions();

function sign(input) {
  const normalized = normalize(input.params);
  const canonicalized = canonicalize(normalized);
  const stringToSign = `${input.method}&${encode("/")}&${encode(canonicalized)}`;
  const signature = kitx.sha1(stringToSign, input.access_key_secret + "&", "base64");
  normalized.push(["Signature", encode(signature)]);
  return {
    intermediates: { canonicalized_query_string: canonicalized, string_to_sign: stringToSign },
    output: { signature, signed_query: canonicalize(normalized) },
  };
}

p.serve("@alicloud/pop-core", p.version("@alicloud/pop-core"), {
  "aliyun-rpc": [["canonicalized_query_string", "string_to_sign"], sign],
});
