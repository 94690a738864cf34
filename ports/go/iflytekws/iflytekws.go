// Package iflytekws computes iFlytek's HMAC-SHA256 URL authentication (WebSocket and HTTP
// APIs): base64(HMAC-SHA256(key = api_secret, "host: …\ndate: …\n<request line>")), wrapped
// in a base64 authorization sent with the date and host as query parameters.
package iflytekws

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"

	"sigvec.dev/port/sigenc"
	"sigvec.dev/port/vectorin"
)

// Scheme is the vectors' scheme id; Steps are its intermediates, in computation order.
const Scheme = "iflytek-ws"

var Steps = []string{"request_line", "signature_origin", "hmac_sha256_hex", "authorization_origin"}

// DefaultMethod is the request method when none is given (the WebSocket handshake's).
const DefaultMethod = "GET"

// rfc1123GMT is the only date form the servers take: RFC 1123, GMT, two-digit day.
var rfc1123GMT = regexp.MustCompile(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12][0-9]|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] GMT$`)

// CheckDate refuses a date that is not RFC 1123 in GMT (e.g. "Wed, 10 Jul 2019 07:35:43 GMT").
func CheckDate(date string) error {
	if !rfc1123GMT.MatchString(date) {
		return &sigenc.InputError{Field: "date", Message: strconv.Quote(date) + ` is not an RFC 1123 GMT date like "Wed, 10 Jul 2019 07:35:43 GMT"`}
	}
	return nil
}

// RequestLine is "<method> <path> HTTP/1.1".
func RequestLine(method, path string) string { return method + " " + path + " HTTP/1.1" }

// SignatureOrigin is the signed text: the host, date and request line, one per line.
func SignatureOrigin(host, date, requestLine string) string {
	return "host: " + host + "\ndate: " + date + "\n" + requestLine
}

// HMACSHA256 is the raw digest, keyed with the API secret's UTF-8 bytes as they are.
func HMACSHA256(apiSecret, signatureOrigin string) []byte {
	return sigenc.HMACSHA256([]byte(apiSecret), []byte(signatureOrigin))
}

// AuthorizationOrigin names the key, the algorithm, the signed headers and the signature.
func AuthorizationOrigin(apiKey, signature string) string {
	return `api_key="` + apiKey + `", algorithm="hmac-sha256", headers="host date request-line", signature="` + signature + `"`
}

// Query is authorization, date and host, each value percent-encoded (RFC 3986).
func Query(authorization, date, host string) string {
	return "authorization=" + sigenc.PercentEncode(authorization) + "&date=" + sigenc.PercentEncode(date) +
		"&host=" + sigenc.PercentEncode(host)
}

// Signed holds every intermediate, in spec order, and the outputs.
type Signed struct {
	RequestLine         string
	SignatureOrigin     string
	HMACSHA256          []byte
	AuthorizationOrigin string

	Signature     string // standard base64 of the raw digest
	Authorization string // standard base64 of the authorization origin
	Query         string // to append to the URL
}

// Sign signs one request; date is the RFC 1123 GMT date sent along (e.g.
// "Wed, 10 Jul 2019 07:35:43 GMT").
func Sign(apiKey, apiSecret, host, method, path, date string) *Signed {
	s := &Signed{RequestLine: RequestLine(method, path)}
	s.SignatureOrigin = SignatureOrigin(host, date, s.RequestLine)
	s.HMACSHA256 = HMACSHA256(apiSecret, s.SignatureOrigin)
	s.Signature = base64.StdEncoding.EncodeToString(s.HMACSHA256)
	s.AuthorizationOrigin = AuthorizationOrigin(apiKey, s.Signature)
	s.Authorization = base64.StdEncoding.EncodeToString([]byte(s.AuthorizationOrigin))
	s.Query = Query(s.Authorization, date, host)
	return s
}

type iflytekWSInput struct {
	APIKey    string  `json:"api_key"`
	APISecret string  `json:"api_secret"`
	Host      string  `json:"host"`
	Path      string  `json:"path"`
	Method    *string `json:"method"`
	Date      string  `json:"date"`
}

// Run signs one vector input: the intermediates in the order of Steps (list-valued and absent
// ones included), and the output.
func Run(raw json.RawMessage) ([]any, any, error) {
	var in iflytekWSInput
	if err := vectorin.Decode(raw, &in, "api_key", "api_secret", "host", "path", "date"); err != nil {
		return nil, nil, err
	}
	method := DefaultMethod
	if in.Method != nil {
		method = *in.Method
	}
	if err := CheckDate(in.Date); err != nil {
		return nil, nil, fmt.Errorf("input.%w", err)
	}
	s := Sign(in.APIKey, in.APISecret, in.Host, method, in.Path, in.Date)
	values := []any{s.RequestLine, s.SignatureOrigin, hex.EncodeToString(s.HMACSHA256), s.AuthorizationOrigin}
	output := struct {
		Signature     string `json:"signature"`
		Authorization string `json:"authorization"`
		Query         string `json:"query"`
	}{s.Signature, s.Authorization, s.Query}
	return values, output, nil
}
