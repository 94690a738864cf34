// Package iflytek computes the iFlytek-style app signature:
// base64(HMAC-SHA1(key = app_secret, msg = hex(MD5(app_id + ts)))).
package iflytek

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"

	"sigvec.dev/port/sigenc"
)

// Scheme is the vectors' scheme id; Steps are its intermediates, in the order they are computed.
const Scheme = "iflytek"

var Steps = []string{
	"base_string", "md5_hex", "hmac_sha1_hex",
}

// BaseString is the app id followed by the timestamp, exactly as sent (leading zeros kept).
func BaseString(appID, ts string) string { return appID + ts }

// MD5Hex is the lower-case hex MD5 of the base string's UTF-8 bytes. This 32-character TEXT,
// not the 16 raw digest bytes, is what gets signed.
func MD5Hex(baseString string) string {
	sum := md5.Sum([]byte(baseString))
	return hex.EncodeToString(sum[:])
}

// HMACSHA1 is HMAC-SHA1 keyed with the secret's UTF-8 bytes, used verbatim (not base64- or
// URL-decoded), over the MD5 hex text.
func HMACSHA1(appSecret, md5Hex string) []byte {
	return sigenc.HMACSHA1([]byte(appSecret), []byte(md5Hex))
}

// Signed holds every intermediate and the outputs.
type Signed struct {
	BaseString string
	MD5Hex     string
	HMACSHA1   []byte

	Signature string            // standard base64 of the digest
	Query     string            // appid=…&ts=…&signa=…, each value percent-encoded
	Headers   map[string]string // the header form of the same three values
}

// Sign signs appID and ts with appSecret.
func Sign(appID, ts, appSecret string) *Signed {
	s := &Signed{BaseString: BaseString(appID, ts)}
	s.MD5Hex = MD5Hex(s.BaseString)
	s.HMACSHA1 = HMACSHA1(appSecret, s.MD5Hex)
	s.Signature = base64.StdEncoding.EncodeToString(s.HMACSHA1)
	s.Query = "appid=" + sigenc.PercentEncode(appID) + "&ts=" + sigenc.PercentEncode(ts) +
		"&signa=" + sigenc.PercentEncode(s.Signature)
	s.Headers = map[string]string{"X-App-Key": appID, "X-Timestamp": ts, "X-App-Signature": s.Signature}
	return s
}
