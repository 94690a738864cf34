using System;
using System.Collections.Generic;
using System.Globalization;
using System.Json;
using System.Text.RegularExpressions;

namespace Sigvec.Port
{
    /// <summary>Reads the fields of a vector's input object (each scheme's <c>Run</c> uses it),
    /// with the documented defaults for absent optional fields and a field-naming error for
    /// wrong types.</summary>
    public static class Input
    {
        private static readonly Regex StrictBase64 = new Regex("^[A-Za-z0-9+/]*={0,2}$", RegexOptions.CultureInvariant);

        private static JsonValue Field(JsonObject obj, string key, bool required)
        {
            if (obj.ContainsKey(key)) return obj[key];
            if (required) throw new InputException(key, "missing");
            return null;
        }

        public static string Str(JsonObject obj, string key) => OptStr(obj, key, null, true);

        public static string OptStr(JsonObject obj, string key, string fallback, bool required = false)
        {
            var value = Field(obj, key, required);
            if (value == null && !obj.ContainsKey(key)) return fallback;
            if (value == null || value.JsonType != JsonType.String) throw new InputException(key, "expected a string");
            return (string)value;
        }

        public static bool OptBool(JsonObject obj, string key, bool fallback)
        {
            var value = Field(obj, key, false);
            if (value == null && !obj.ContainsKey(key)) return fallback;
            if (value == null || value.JsonType != JsonType.Boolean) throw new InputException(key, "expected true or false");
            return (bool)value;
        }

        public static long Long(JsonObject obj, string key) => OptLong(obj, key, 0, true);

        public static long OptLong(JsonObject obj, string key, long fallback, bool required = false)
        {
            var value = Field(obj, key, required);
            if (value == null && !obj.ContainsKey(key)) return fallback;
            // JsonPrimitive.ToString() gives the number as parsed; accept integers only.
            if (value == null || value.JsonType != JsonType.Number ||
                !long.TryParse(value.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number))
            {
                throw new InputException(key, "expected an integer");
            }
            return number;
        }

        public static Dictionary<string, string> StringMap(JsonObject obj, string key)
        {
            var map = Field(obj, key, true) as JsonObject ?? throw new InputException(key, "expected an object");
            var result = new Dictionary<string, string>();
            foreach (var pair in map)
            {
                if (pair.Value == null || pair.Value.JsonType != JsonType.String)
                {
                    throw new InputException(key + "." + pair.Key, "expected a string");
                }
                result[pair.Key] = (string)pair.Value;
            }
            return result;
        }

        /// <summary><c>[[name, value], ...]</c> (headers, trailers) in the order given.</summary>
        public static List<KeyValuePair<string, string>> Pairs(JsonObject obj, string key)
        {
            var list = Field(obj, key, true) as JsonArray ?? throw new InputException(key, "expected an array");
            var result = new List<KeyValuePair<string, string>>();
            for (int i = 0; i < list.Count; i++)
            {
                var pair = list[i] as JsonArray;
                if (pair == null || pair.Count != 2 || pair[0] == null || pair[0].JsonType != JsonType.String ||
                    pair[1] == null || pair[1].JsonType != JsonType.String)
                {
                    throw new InputException(key + "[" + i + "]", "expected a [name, value] pair of strings");
                }
                result.Add(new KeyValuePair<string, string>((string)pair[0], (string)pair[1]));
            }
            return result;
        }

        /// <summary><c>[text, ...]</c>.</summary>
        public static List<string> Texts(JsonObject obj, string key)
        {
            var list = Field(obj, key, true) as JsonArray ?? throw new InputException(key, "expected an array");
            var result = new List<string>();
            foreach (var item in list)
            {
                if (item == null || item.JsonType != JsonType.String) throw new InputException(key, "expected strings");
                result.Add((string)item);
            }
            return result;
        }

        /// <summary>The payload: <c>body_base64</c> decoded (strict standard base64) if given,
        /// else <c>body</c>'s UTF-8, else empty.</summary>
        public static byte[] Body(JsonObject obj)
        {
            if (!obj.ContainsKey("body_base64")) return SigEncoding.Utf8(OptStr(obj, "body", ""));
            string encoded = Str(obj, "body_base64");
            if (encoded.Length % 4 != 0 || !StrictBase64.IsMatch(encoded))
            {
                throw new InputException("body_base64", "expected standard base64");
            }
            return Convert.FromBase64String(encoded);
        }
    }
}
