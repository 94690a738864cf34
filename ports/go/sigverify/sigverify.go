// Package sigverify holds what every scheme's verifier shares: the received request, the
// server's settings (clock, time windows, region, service, nonces already seen), the fixed list
// of reason codes, and the small checks each scheme runs in its own order (one value sent once,
// the time window, the Authorization header's parts, a constant-time signature comparison).
package sigverify

import (
	"crypto/subtle"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"sigvec.dev/port/sigenc"
)

// The reason codes a verifier rejects with: exactly one, the first failing check.
const (
	MissingAuth          = "missing-auth"
	MalformedAuth        = "malformed-auth"
	UnsupportedAlgorithm = "unsupported-algorithm"
	UnknownKey           = "unknown-key"
	ScopeMismatch        = "scope-mismatch"
	ClockSkew            = "clock-skew"
	Expired              = "expired"
	UnsignedHeader       = "unsigned-header"
	SignatureMismatch    = "signature-mismatch"
	PayloadHashMismatch  = "payload-hash-mismatch"
	Replay               = "replay"
)

// Rejection is a verifier's "invalid" verdict: a reason code and what failed.
type Rejection struct {
	Reason  string
	Message string
}

func (r *Rejection) Error() string { return r.Reason + ": " + r.Message }

// Reject builds a Rejection with a formatted message.
func Reject(reason, format string, args ...any) *Rejection {
	return &Rejection{Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// Header is one received header, as sent.
type Header struct{ Name, Value string }

// Headers pairs up names and values: Headers("Host", "example.com", "X-Amz-Date", "...").
func Headers(namesAndValues ...string) []Header {
	headers := make([]Header, 0, len(namesAndValues)/2)
	for i := 0; i+1 < len(namesAndValues); i += 2 {
		headers = append(headers, Header{Name: namesAndValues[i], Value: namesAndValues[i+1]})
	}
	return headers
}

// Pair is one decoded query (or form) parameter.
type Pair struct{ Name, Value string }

// Request is a received HTTP request. Target is the path plus "?query" exactly as on the
// request line; Headers keep the sent order and repeats.
type Request struct {
	Method  string
	Target  string
	Headers []Header
	Body    []byte
}

// Path is the target before the first '?'.
func (r *Request) Path() string { path, _, _ := strings.Cut(r.Target, "?"); return path }

// Query is the raw query: the target after the first '?'.
func (r *Request) Query() string { _, query, _ := strings.Cut(r.Target, "?"); return query }

func headerKey(name string) string { return sigenc.ASCIILower(sigenc.ASCIITrim(name)) }

// HeaderValues is every value sent under name (case-insensitive), in sent order.
func (r *Request) HeaderValues(name string) []string {
	var values []string
	for _, h := range r.Headers {
		if headerKey(h.Name) == sigenc.ASCIILower(name) {
			values = append(values, h.Value)
		}
	}
	return values
}

// Header is the first value sent under name, and whether there was one.
func (r *Request) Header(name string) (string, bool) {
	values := r.HeaderValues(name)
	if len(values) == 0 {
		return "", false
	}
	return values[0], true
}

// HeaderNames is the lower-case names sent, each once, in first-sent order.
func (r *Request) HeaderNames() []string {
	seen := map[string]bool{}
	var names []string
	for _, h := range r.Headers {
		if name := headerKey(h.Name); !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	return names
}

// QueryPairs splits a raw query on '&' (skipping empty pieces), each piece at its first '='
// (none: an empty value), and percent-decodes both sides. plusIsSpace is form decoding ('+' is
// a space), as servlet containers and PHP read a query.
func QueryPairs(query string, plusIsSpace bool) []Pair {
	var pairs []Pair
	if query == "" {
		return pairs
	}
	for _, piece := range strings.Split(query, "&") {
		if piece == "" {
			continue
		}
		name, value, _ := strings.Cut(piece, "=")
		if plusIsSpace {
			name, value = strings.ReplaceAll(name, "+", " "), strings.ReplaceAll(value, "+", " ")
		}
		pairs = append(pairs, Pair{decodeText(name), decodeText(value)})
	}
	return pairs
}

// decodeText percent-decodes s as UTF-8 text.
func decodeText(s string) string { return UTF8Text(sigenc.PercentDecode(s)) }

// UTF8Text reads bytes as UTF-8 text: each ill-formed sequence (its maximal valid prefix, or one
// byte) becomes U+FFFD, as Python, Node and Java decode (strings.ToValidUTF8 would merge a run
// of them into one).
func UTF8Text(b string) string {
	if utf8.ValidString(b) {
		return b
	}
	var out strings.Builder
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRuneInString(b[i:])
		if r != utf8.RuneError || size > 1 {
			out.WriteString(b[i : i+size])
			i += size
			continue
		}
		out.WriteRune(utf8.RuneError)
		i += illFormedLength(b[i:])
	}
	return out.String()
}

// illFormedLength is the length of the maximal prefix of b (which starts ill-formed) that could
// still begin a well-formed sequence: a lead byte and the continuation bytes that fit it.
func illFormedLength(b string) int {
	lo, hi, need := byte(0x80), byte(0xBF), 0
	switch c := b[0]; {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		lo, need = 0xA0, 2
	case c == 0xED:
		hi, need = 0x9F, 2
	case c >= 0xE1 && c <= 0xEF:
		need = 2
	case c == 0xF0:
		lo, need = 0x90, 3
	case c == 0xF4:
		hi, need = 0x8F, 3
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	}
	n := 1
	if n < len(b) && n <= need && b[n] >= lo && b[n] <= hi {
		for n++; n < len(b) && n <= need && b[n] >= 0x80 && b[n] <= 0xBF; n++ {
		}
	}
	return n
}

// Values is every value of the pairs named name, in order.
func Values(pairs []Pair, name string) []string {
	var values []string
	for _, p := range pairs {
		if p.Name == name {
			values = append(values, p.Value)
		}
	}
	return values
}

// Settings are the time windows as the vendors document them (each overridable) and the
// server's own state.
type Settings struct {
	AWSSkewSeconds       float64 // RequestTimeTooSkewed beyond 15 minutes
	AWSMaxExpiresSeconds int     // X-Amz-Expires at most 604800 (7 days)
	TC3SkewSeconds       float64 // AuthFailure.SignatureExpire beyond 5 minutes
	AliyunSkewSeconds    float64 // InvalidTimeStamp.Expired beyond 15 minutes
	IflytekSkewSeconds   float64 // "more than 5 minutes from server time"

	Now        float64         // the server clock, POSIX seconds
	Region     string          // the server's region; "" accepts any
	Service    string          // the server's service; "" accepts any
	SeenNonces map[string]bool // nonces already accepted (Alibaba Cloud SignatureNonce)
}

// DefaultSettings are the vendors' windows, the server clock at now, no region or service.
func DefaultSettings(now time.Time) Settings {
	return Settings{
		AWSSkewSeconds: 15 * 60, AWSMaxExpiresSeconds: 7 * 24 * 3600, TC3SkewSeconds: 5 * 60,
		AliyunSkewSeconds: 15 * 60, IflytekSkewSeconds: 5 * 60,
		Now: float64(now.UnixNano()) / 1e9, SeenNonces: map[string]bool{},
	}
}

// ParseUTC is the POSIX seconds of text written in layout (a time.Parse layout, UTC).
func ParseUTC(text, layout string) (float64, bool) {
	t, err := time.Parse(layout, text)
	if err != nil {
		return 0, false
	}
	return float64(t.Unix()), true
}

// CheckWindow rejects with clock-skew when requestTime is more than window seconds from now
// (exactly at the edge is accepted).
func CheckWindow(requestTime, now, window float64, what string) error {
	offset := requestTime - now
	if math.Abs(offset) > window {
		side := "behind"
		if offset > 0 {
			side = "ahead of"
		}
		return Reject(ClockSkew, "%s is %.0f s %s the server clock (window: %.0f s)", what, math.Abs(offset), side, window)
	}
	return nil
}

// SameSignature compares the expected and received signatures in constant time, byte for byte
// (upper-case hex is a different signature).
func SameSignature(expected, received string) bool {
	return subtle.ConstantTimeCompare([]byte(expected), []byte(received)) == 1
}

// LookupSecret is the secret of keyID, or unknown-key.
func LookupSecret(credentials map[string]string, keyID, what string) (string, error) {
	secret, ok := credentials[keyID]
	if !ok {
		return "", Reject(UnknownKey, "%s %q is not known to the server", what, keyID)
	}
	return secret, nil
}

// Single is the one value of values (ok false when none); a repeat is malformed-auth.
func Single(values []string, name string) (value string, ok bool, err error) {
	if len(values) > 1 {
		return "", false, Reject(MalformedAuth, "%s is sent %d times", name, len(values))
	}
	if len(values) == 0 {
		return "", false, nil
	}
	return values[0], true, nil
}

// IsDigits reports whether s is non-empty and all ASCII digits.
func IsDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// AuthorizationParts are the parts of "ALGORITHM Credential=..., SignedHeaders=..., Signature=...".
type AuthorizationParts struct{ Credential, SignedHeaders, Signature string }

// ParseAuthorization reads an Authorization header of the AWS / TC3 shape: the algorithm must
// be algorithm; Credential, SignedHeaders and Signature each exactly once, nothing else, and a
// non-empty Signature.
func ParseAuthorization(value, algorithm string) (AuthorizationParts, error) {
	token, rest, _ := strings.Cut(strings.TrimSpace(value), " ")
	if token == "" {
		return AuthorizationParts{}, Reject(MalformedAuth, "the Authorization header is empty")
	}
	if token != algorithm {
		return AuthorizationParts{}, Reject(UnsupportedAlgorithm, "Authorization algorithm %q, expected %s", token, algorithm)
	}
	parts := map[string]string{}
	for _, piece := range strings.Split(rest, ",") {
		name, part, found := strings.Cut(strings.TrimSpace(piece), "=")
		if !found {
			return AuthorizationParts{}, Reject(MalformedAuth, "Authorization part %q has no '='", strings.TrimSpace(piece))
		}
		if _, repeated := parts[name]; repeated {
			return AuthorizationParts{}, Reject(MalformedAuth, "Authorization part %s is repeated", name)
		}
		parts[name] = part
	}
	for name := range parts {
		if name != "Credential" && name != "SignedHeaders" && name != "Signature" {
			return AuthorizationParts{}, Reject(MalformedAuth, "Authorization has an unknown part %q", name)
		}
	}
	for _, name := range []string{"Credential", "SignedHeaders", "Signature"} {
		if _, ok := parts[name]; !ok {
			return AuthorizationParts{}, Reject(MalformedAuth, "Authorization lacks %s=", name)
		}
	}
	if parts["Signature"] == "" {
		return AuthorizationParts{}, Reject(MalformedAuth, "the signature is empty")
	}
	return AuthorizationParts{parts["Credential"], parts["SignedHeaders"], parts["Signature"]}, nil
}
