using System;
using System.Collections.Generic;
using System.Json;
using System.Linq;

namespace Sigvec.Port
{
    /// <summary>Alibaba Cloud RPC signature 1.0:
    /// base64(HMAC-SHA1(secret + "&amp;", METHOD + "&amp;%2F&amp;" + encode(canonicalized query))).</summary>
    public static class AliyunRpc
    {
        public const string Scheme = "aliyun-rpc";

        public static readonly string[] Steps = { "canonicalized_query_string", "string_to_sign", "hmac_sha1_hex" };

        /// <summary>Parameters sorted by name in UTF-8 byte order (so upper case sorts first),
        /// each name and value percent-encoded per RFC 3986, joined as <c>k=v&amp;...</c>.</summary>
        public static string CanonicalizedQueryString(IEnumerable<KeyValuePair<string, string>> parameters)
        {
            var pairs = parameters.ToList();
            // List.Sort is unstable, but names are unique (they come from a map).
            pairs.Sort((a, b) => SigEncoding.CompareCodePoints(a.Key, b.Key));
            return string.Join("&", pairs.Select(p =>
                SigEncoding.PercentEncode(p.Key) + "=" + SigEncoding.PercentEncode(p.Value)));
        }

        /// <summary>The canonical string is percent-encoded a SECOND time, so <c>%3A</c> becomes <c>%253A</c>.</summary>
        public static string StringToSign(string method, string canonicalizedQueryString) =>
            method + "&" + SigEncoding.PercentEncode("/") + "&" + SigEncoding.PercentEncode(canonicalizedQueryString);

        /// <summary>The HMAC key is the secret's UTF-8 bytes followed by '&amp;', used verbatim.</summary>
        public static byte[] SigningKey(string accessKeySecret) => SigEncoding.Utf8(accessKeySecret + "&");

        public static byte[] HmacSha1Digest(string accessKeySecret, string stringToSign) =>
            SigEncoding.HmacSha1(SigningKey(accessKeySecret), stringToSign);

        /// <summary>Standard base64 (with '+', '/' and '=') of the HMAC-SHA1 digest.</summary>
        public static string Signature(byte[] digest) => Convert.ToBase64String(digest);

        /// <summary>The query to send: the parameters plus Signature, sorted and encoded again.</summary>
        public static string SignedQuery(IEnumerable<KeyValuePair<string, string>> parameters, string signature) =>
            CanonicalizedQueryString(parameters.Where(p => p.Key != "Signature")
                .Concat(new[] { new KeyValuePair<string, string>("Signature", signature) }));

        public static Signed Sign(string method, string accessKeySecret, IDictionary<string, string> parameters)
        {
            string canonical = CanonicalizedQueryString(parameters);
            string toSign = StringToSign(method, canonical);
            byte[] digest = HmacSha1Digest(accessKeySecret, toSign);
            string signature = Signature(digest);
            return new Signed(Scheme)
                .Step("canonicalized_query_string", canonical)
                .Step("string_to_sign", toSign)
                .Step("hmac_sha1_hex", SigEncoding.Hex(digest))
                .Out("signature", signature)
                .Out("signed_query", SignedQuery(parameters, signature));
        }

        /// <summary>Signs one vector input (fields as in vectors/schema/aliyun-rpc.schema.json).</summary>
        public static Signed Run(JsonObject input) =>
            Sign(Input.Str(input, "method"), Input.Str(input, "access_key_secret"), Input.StringMap(input, "params"));
    }
}
