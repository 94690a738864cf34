// Package sigenc holds the byte-level helpers the signature schemes share: RFC 3986
// percent-encoding and thin wrappers over the standard library's SHA-256, HMAC-SHA256 and
// HMAC-SHA1.
//
// Go strings are byte strings; every function here works on the UTF-8 bytes of its text,
// never on a platform charset.
package sigenc

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

const upperHex = "0123456789ABCDEF"

// InputError is an input that has the right shape but cannot be signed. Field names the
// offending input field.
type InputError struct {
	Field   string
	Message string
}

func (e *InputError) Error() string { return e.Field + ": " + e.Message }

func isUnreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

// PercentEncode encodes every byte of s except the RFC 3986 unreserved characters
// (A-Z a-z 0-9 - _ . ~) as upper-case %XX: space is %20 (never +), * is %2A, ~ stays.
// This is the encoding AWS, Tencent and Alibaba Cloud specify; url.QueryEscape is not it.
func PercentEncode(s string) string { return PercentEncodeKeep(s, "") }

// PercentEncodeKeep is PercentEncode that also leaves the ASCII characters in keep as they are.
func PercentEncodeKeep(s, keep string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || (c < 0x80 && strings.IndexByte(keep, c) >= 0) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&0x0f])
		}
	}
	return b.String()
}

func fromHex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// PercentDecode decodes %XX escapes to bytes. Anything else, including '+' and a '%' not
// followed by two hex digits, is kept as is. The result may hold any bytes.
func PercentDecode(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			hi, ok1 := fromHex(s[i+1])
			lo, ok2 := fromHex(s[i+2])
			if ok1 && ok2 {
				out = append(out, hi<<4|lo)
				i += 2
				continue
			}
		}
		out = append(out, s[i])
	}
	return string(out)
}

// ASCIIWhitespace is what the schemes trim: space, tab, CR and LF (not NBSP or other Unicode
// spaces).
const ASCIIWhitespace = " \t\r\n"

// ASCIITrim trims space, tab, CR and LF from both ends.
func ASCIITrim(s string) string { return strings.Trim(s, ASCIIWhitespace) }

// ASCIILower lower-cases A-Z only: the schemes' "lower-case" is ASCII. strings.ToLower would
// also fold non-ASCII letters (e.g. 'Ä' or the Kelvin sign).
func ASCIILower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}

// SHA256Hex is the lower-case hex SHA-256 of data.
func SHA256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// HMACSHA256 is HMAC-SHA256(key, msg).
func HMACSHA256(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}

// HMACSHA1 is HMAC-SHA1(key, msg).
func HMACSHA1(key, msg []byte) []byte {
	m := hmac.New(sha1.New, key)
	m.Write(msg)
	return m.Sum(nil)
}
