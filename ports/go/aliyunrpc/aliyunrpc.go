// Package aliyunrpc computes the Alibaba Cloud RPC signature 1.0 (SignatureMethod HMAC-SHA1,
// SignatureVersion 1.0): HMAC-SHA1 over METHOD&%2F&encode(canonicalized query string).
package aliyunrpc

import (
	"encoding/base64"
	"sort"
	"strings"

	"sigvec.dev/port/sigenc"
)

// Scheme is the vectors' scheme id; Steps are its intermediates, in the order they are computed.
const Scheme = "aliyun-rpc"

var Steps = []string{
	"canonicalized_query_string", "string_to_sign", "hmac_sha1_hex",
}

// CanonicalizedQueryString sorts the parameters by name, comparing UTF-8 bytes (= code point
// order, so upper case sorts first), and percent-encodes each name and value per RFC 3986.
func CanonicalizedQueryString(params map[string]string) string {
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	sort.Strings(names) // Go compares strings byte by byte
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = sigenc.PercentEncode(name) + "=" + sigenc.PercentEncode(params[name])
	}
	return strings.Join(parts, "&")
}

// StringToSign is METHOD&%2F&percentEncode(canonical). The canonical string is encoded a
// second time, so its %3A becomes %253A.
func StringToSign(method, canonical string) string {
	return method + "&" + sigenc.PercentEncode("/") + "&" + sigenc.PercentEncode(canonical)
}

// SigningKey is the secret followed by '&', as raw UTF-8 bytes.
func SigningKey(accessKeySecret string) []byte { return []byte(accessKeySecret + "&") }

// HMACSHA1 is the raw HMAC-SHA1 digest of the string to sign.
func HMACSHA1(accessKeySecret, stringToSign string) []byte {
	return sigenc.HMACSHA1(SigningKey(accessKeySecret), []byte(stringToSign))
}

// Signed holds every intermediate and the outputs.
type Signed struct {
	CanonicalizedQueryString string
	StringToSign             string
	HMACSHA1                 []byte

	Signature   string // standard base64 of the digest
	SignedQuery string // the parameters plus Signature, re-sorted and encoded: the query to send
}

// Sign signs the request parameters (every one except Signature) of an RPC call.
func Sign(method, accessKeySecret string, params map[string]string) *Signed {
	s := &Signed{}
	s.CanonicalizedQueryString = CanonicalizedQueryString(params)
	s.StringToSign = StringToSign(method, s.CanonicalizedQueryString)
	s.HMACSHA1 = HMACSHA1(accessKeySecret, s.StringToSign)
	s.Signature = base64.StdEncoding.EncodeToString(s.HMACSHA1)
	withSignature := make(map[string]string, len(params)+1)
	for k, v := range params {
		withSignature[k] = v
	}
	withSignature["Signature"] = s.Signature
	s.SignedQuery = CanonicalizedQueryString(withSignature)
	return s
}
