using System.Json;

namespace Sigvec.Port
{
    /// <summary>Alibaba Cloud ACS3-HMAC-SHA256 (V3): TODO one line on what is signed (placeholder: HMAC-SHA256 over
    /// key_id and message).</summary>
    public static class AliyunAcs3
    {
        public const string Scheme = "aliyun-acs3";

        public static readonly string[] Steps = { "string_to_sign" };

        public static string StringToSign(string keyId, string message) => keyId + "\n" + message;

        /// <summary>Sign one vector input (fields as in vectors/schema/aliyun-acs3.schema.json).</summary>
        public static Signed Run(JsonObject input)
        {
            string toSign = StringToSign(Input.Str(input, "key_id"), Input.Str(input, "message"));
            string signature = SigEncoding.Hex(SigEncoding.HmacSha256(SigEncoding.Utf8(Input.Str(input, "secret")), toSign));
            return new Signed(Scheme).Step("string_to_sign", toSign).Out("signature", signature);
        }
    }
}
