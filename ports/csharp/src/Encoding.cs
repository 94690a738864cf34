using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace Sigvec.Port
{
    /// <summary>Byte-level helpers shared by the schemes: UTF-8, hex, hashing, HMAC and
    /// RFC 3986 percent-encoding. Every string is turned into bytes as UTF-8, never the platform
    /// charset.</summary>
    public static class SigEncoding
    {
        /// <summary>Strict UTF-8 without BOM: a lone surrogate throws instead of becoming '?'.</summary>
        public static readonly UTF8Encoding Utf8Strict = new UTF8Encoding(false, true);

        public static byte[] Utf8(string text) => Utf8Strict.GetBytes(text);

        private static readonly char[] AsciiWhitespace = { ' ', '\t', '\r', '\n' };

        /// <summary>Trims space, tab, CR and LF only -- not NBSP or other Unicode spaces, which
        /// <c>string.Trim()</c> would also remove.</summary>
        public static string AsciiStrip(string text) => text.Trim(AsciiWhitespace);

        /// <summary>Lower-cases A-Z only: the schemes' "lower-case" is ASCII, whatever the
        /// runtime's Unicode tables (or the current culture, e.g. Turkish dotless i) say.</summary>
        public static string AsciiLower(string text)
        {
            var chars = text.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] >= 'A' && chars[i] <= 'Z') chars[i] = (char)(chars[i] + ('a' - 'A'));
            }
            return new string(chars);
        }

        /// <summary>RFC 3986 section 2.3 unreserved characters: the only bytes no scheme encodes.</summary>
        public static bool IsUnreserved(byte b) =>
            (b >= (byte)'A' && b <= (byte)'Z') || (b >= (byte)'a' && b <= (byte)'z') ||
            (b >= (byte)'0' && b <= (byte)'9') || b == (byte)'-' || b == (byte)'_' ||
            b == (byte)'.' || b == (byte)'~';

        /// <summary>Encodes every byte of the UTF-8 form except unreserved ones and the ASCII
        /// characters in <paramref name="keep"/> as upper-case <c>%XX</c>: space is <c>%20</c>
        /// (never <c>+</c>), <c>*</c> is encoded, <c>~</c> is kept -- what AWS, Tencent and
        /// Alibaba Cloud specify and what form encoders (HttpUtility.UrlEncode, Uri.EscapeDataString
        /// on old runtimes) get wrong.</summary>
        public static string PercentEncode(string text, string keep = "") => PercentEncode(Utf8(text), keep);

        public static string PercentEncode(byte[] data, string keep = "")
        {
            const string HexDigits = "0123456789ABCDEF";
            var sb = new StringBuilder(data.Length * 3);
            foreach (byte b in data)
            {
                if (IsUnreserved(b) || (b < 0x80 && keep.IndexOf((char)b) >= 0))
                {
                    sb.Append((char)b);
                }
                else
                {
                    sb.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0x0F]);
                }
            }
            return sb.ToString();
        }

        /// <summary>Decodes <c>%XX</c> escapes to bytes; anything else (including <c>+</c> and a
        /// stray <c>%</c>) stays as its UTF-8 bytes. The result may be any bytes, not just UTF-8.</summary>
        public static byte[] PercentDecode(string text)
        {
            byte[] data = Utf8(text);
            var output = new List<byte>(data.Length);
            for (int i = 0; i < data.Length; i++)
            {
                if (data[i] == (byte)'%' && i + 2 < data.Length && HexValue(data[i + 1]) >= 0 && HexValue(data[i + 2]) >= 0)
                {
                    output.Add((byte)(HexValue(data[i + 1]) * 16 + HexValue(data[i + 2])));
                    i += 2;
                }
                else
                {
                    output.Add(data[i]);
                }
            }
            return output.ToArray();
        }

        private static int HexValue(byte c)
        {
            if (c >= (byte)'0' && c <= (byte)'9') return c - '0';
            if (c >= (byte)'a' && c <= (byte)'f') return c - 'a' + 10;
            if (c >= (byte)'A' && c <= (byte)'F') return c - 'A' + 10;
            return -1;
        }

        /// <summary>Lower-case hex of the bytes.</summary>
        public static string Hex(byte[] data)
        {
            var sb = new StringBuilder(data.Length * 2);
            foreach (byte b in data) sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        public static string Sha256Hex(byte[] data)
        {
            using (var sha = SHA256.Create()) return Hex(sha.ComputeHash(data));
        }

        public static string Md5Hex(byte[] data)
        {
            using (var md5 = MD5.Create()) return Hex(md5.ComputeHash(data));
        }

        public static byte[] HmacSha256(byte[] key, string message) => HmacSha256(key, Utf8(message));

        public static byte[] HmacSha256(byte[] key, byte[] message)
        {
            using (var hmac = new HMACSHA256(key)) return hmac.ComputeHash(message);
        }

        public static byte[] HmacSha1(byte[] key, string message) => HmacSha1(key, Utf8(message));

        public static byte[] HmacSha1(byte[] key, byte[] message)
        {
            using (var hmac = new HMACSHA1(key)) return hmac.ComputeHash(message);
        }

        /// <summary>Orders strings by Unicode code point (= UTF-8 byte order), the order the
        /// spec sorts in. <c>string.CompareOrdinal</c> compares UTF-16 units, which differs for
        /// characters above U+FFFF versus U+E000..U+FFFF; culture-aware sorting differs everywhere.</summary>
        public static int CompareCodePoints(string a, string b)
        {
            int i = 0, j = 0;
            while (i < a.Length && j < b.Length)
            {
                int ca = NextCodePoint(a, ref i);
                int cb = NextCodePoint(b, ref j);
                if (ca != cb) return ca < cb ? -1 : 1;
            }
            return (a.Length - i).CompareTo(b.Length - j);
        }

        private static int NextCodePoint(string s, ref int index)
        {
            char c = s[index++];
            if (char.IsHighSurrogate(c) && index < s.Length && char.IsLowSurrogate(s[index]))
            {
                return char.ConvertToUtf32(c, s[index++]);
            }
            return c;
        }

        public static readonly IComparer<string> CodePointOrder = Comparer<string>.Create(CompareCodePoints);
    }
}
