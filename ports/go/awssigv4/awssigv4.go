// Package awssigv4 computes AWS Signature Version 4 (AWS4-HMAC-SHA256), one function per step:
// canonical request, string to sign, derived signing key, HMAC-SHA256 signature. The signature
// travels either in the Authorization header or in the query string (presigned URL).
package awssigv4

import (
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"time"

	"sigvec.dev/port/sigenc"
)

// Scheme is the vectors' scheme id; Steps are its intermediates, in the order they are computed.
const Scheme = "aws-sigv4"

var Steps = []string{
	"canonical_uri", "canonical_query_string", "canonical_headers", "signed_headers",
	"hashed_payload", "canonical_request", "credential_scope", "hashed_canonical_request",
	"string_to_sign", "k_date_hex", "k_region_hex", "k_service_hex", "k_signing_hex",
}

// Algorithm is the algorithm name of the string to sign and of the Authorization header.
const Algorithm = "AWS4-HMAC-SHA256"

// TimeFormat is the layout of the X-Amz-Date timestamp (always UTC).
const TimeFormat = "20060102T150405Z"

// DefaultExpiresIn is the lifetime, in seconds, of a presigned URL when none is given.
const DefaultExpiresIn = 3600

// Header is one request header as sent.
type Header struct{ Name, Value string }

// Param is one decoded query parameter.
type Param struct{ Name, Value string }

// signerHeaders are set by the signer itself; a caller who also sent them would sign a stale copy.
var signerHeaders = []string{"x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "authorization"}

// NormalizePath removes "." and ".." segments (RFC 3986 section 5.2.4) and also collapses empty
// segments ("//"), as AWS does. An empty path becomes "/".
func NormalizePath(path string) string {
	if path == "" {
		return "/"
	}
	var segments []string
	for _, seg := range strings.Split(path, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(segments) > 0 {
				segments = segments[:len(segments)-1]
			}
		default:
			segments = append(segments, seg)
		}
	}
	out := strings.Join(segments, "/")
	if strings.HasPrefix(path, "/") {
		out = "/" + out
	}
	if strings.HasSuffix(path, "/") && len(segments) > 0 {
		out += "/"
	}
	return out
}

// CanonicalURI encodes the path as sent. With doubleEncode (every service but S3) '%' is
// encoded too, so an already-escaped "%20" becomes "%2520". S3 (doubleEncode false) keeps
// existing escapes and only encodes raw bytes.
func CanonicalURI(path string, normalize, doubleEncode bool) string {
	if normalize {
		path = NormalizePath(path)
	}
	if path == "" {
		path = "/"
	}
	if doubleEncode {
		return sigenc.PercentEncodeKeep(path, "/")
	}
	return sigenc.PercentEncodeKeep(path, "/%")
}

// CanonicalQueryString decodes each key=value of the raw query as sent and re-encodes it
// strictly ('+' is a literal plus, %2B, not a space); a key without '=' gets an empty value.
// The extra parameters (presigned X-Amz-*), given unencoded, join the sort. Pairs are sorted
// by encoded key, then encoded value.
func CanonicalQueryString(query string, extra []Param) string {
	type pair struct{ k, v string }
	var pairs []pair
	if query != "" {
		for _, part := range strings.Split(query, "&") {
			if part == "" {
				continue
			}
			key, value, _ := strings.Cut(part, "=")
			pairs = append(pairs, pair{
				sigenc.PercentEncode(sigenc.PercentDecode(key)),
				sigenc.PercentEncode(sigenc.PercentDecode(value)),
			})
		}
	}
	for _, p := range extra {
		pairs = append(pairs, pair{sigenc.PercentEncode(p.Name), sigenc.PercentEncode(p.Value)})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = p.k + "=" + p.v
	}
	return strings.Join(parts, "&")
}

// canonicalValue trims a header value and folds each run of spaces, tabs and line breaks
// (folded lines included) into one space, even inside quotes.
func canonicalValue(value string) string {
	var b strings.Builder
	inRun := false
	for i := 0; i < len(value); i++ {
		switch c := value[i]; c {
		case ' ', '\t', '\r', '\n':
			if !inRun {
				b.WriteByte(' ')
			}
			inRun = true
		default:
			b.WriteByte(c)
			inRun = false
		}
	}
	return sigenc.ASCIITrim(b.String())
}

// CanonicalHeaders lower-cases (ASCII) and trims the names, trims and folds the values, joins the values of a
// repeated name with ',' in the order sent (never sorted) and sorts by name. It returns the
// canonical headers block (each line ends in '\n') and the signed headers list ("a;b;c").
func CanonicalHeaders(headers []Header) (canonical, signed string) {
	merged := map[string][]string{}
	var names []string
	for _, h := range headers {
		name := sigenc.ASCIILower(sigenc.ASCIITrim(h.Name))
		if _, seen := merged[name]; !seen {
			names = append(names, name)
		}
		merged[name] = append(merged[name], canonicalValue(h.Value))
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		b.WriteString(name + ":" + strings.Join(merged[name], ",") + "\n")
	}
	return b.String(), strings.Join(names, ";")
}

// HashedPayload is the lower-case hex SHA-256 of the raw body bytes.
func HashedPayload(body []byte) string { return sigenc.SHA256Hex(body) }

// UnsignedPayload is what stands for the payload hash when the body is not signed (S3
// presigned URLs): the literal string, in the canonical request and x-amz-content-sha256.
const UnsignedPayload = "UNSIGNED-PAYLOAD"

// CanonicalRequest joins the six parts with '\n'. canonicalHeaders already ends in '\n', so a
// blank line follows it.
func CanonicalRequest(method, canonicalURI, canonicalQuery, canonicalHeaders, signedHeaders, hashedPayload string) string {
	return strings.Join([]string{method, canonicalURI, canonicalQuery, canonicalHeaders, signedHeaders, hashedPayload}, "\n")
}

// CredentialScope is "date/region/service/aws4_request", date being YYYYMMDD.
func CredentialScope(date, region, service string) string {
	return date + "/" + region + "/" + service + "/aws4_request"
}

// HashedCanonicalRequest is the lower-case hex SHA-256 of the canonical request's UTF-8 bytes.
func HashedCanonicalRequest(canonicalRequest string) string {
	return sigenc.SHA256Hex([]byte(canonicalRequest))
}

// StringToSign is algorithm, timestamp, scope and hashed canonical request, one per line.
func StringToSign(timestamp, credentialScope, hashedCanonicalRequest string) string {
	return Algorithm + "\n" + timestamp + "\n" + credentialScope + "\n" + hashedCanonicalRequest
}

// SigningKeys derives kDate, kRegion, kService and kSigning, in that order.
func SigningKeys(secretAccessKey, date, region, service string) [4][]byte {
	kDate := sigenc.HMACSHA256([]byte("AWS4"+secretAccessKey), []byte(date))
	kRegion := sigenc.HMACSHA256(kDate, []byte(region))
	kService := sigenc.HMACSHA256(kRegion, []byte(service))
	kSigning := sigenc.HMACSHA256(kService, []byte("aws4_request"))
	return [4][]byte{kDate, kRegion, kService, kSigning}
}

// SigningKey is the derived key that signs: HMAC chain over date, region, service, "aws4_request".
func SigningKey(secretAccessKey, date, region, service string) []byte {
	return SigningKeys(secretAccessKey, date, region, service)[3]
}

// Signature is the lower-case hex HMAC-SHA256 of the string to sign.
func Signature(signingKey []byte, stringToSign string) string {
	return hex.EncodeToString(sigenc.HMACSHA256(signingKey, []byte(stringToSign)))
}

// Authorization is the value of the Authorization header (header form).
func Authorization(accessKeyID, credentialScope, signedHeaders, signature string) string {
	return Algorithm + " Credential=" + accessKeyID + "/" + credentialScope +
		", SignedHeaders=" + signedHeaders + ", Signature=" + signature
}

// Request is what gets signed. The zero value of every option is the usual (non-S3, header
// form) default.
type Request struct {
	Method  string
	Path    string   // exactly as on the wire
	Query   string   // raw query string as sent, without '?'
	Headers []Header // in sent order, Host included; never the X-Amz-* headers the signer sets
	Body    []byte

	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string // temporary credentials; "" for none
	Region          string
	Service         string
	Timestamp       string // YYYYMMDDTHHMMSSZ, UTC (see TimeFormat)

	KeepDotSegments  bool   // S3: sign the path without normalising it
	KeepPathEscapes  bool   // S3: keep existing %XX escapes instead of encoding '%' again
	SignBody         bool   // header form: send and sign x-amz-content-sha256
	UnsignedPayload  bool   // sign UnsignedPayload instead of the body's hash (S3 presigned URLs)
	PayloadHash      string // sign this literal instead of the body's hash (S3 chunked uploads); "" for none
	Presign          bool   // put the signature in the query string instead of the header
	ExpiresIn        int    // presigned URL lifetime in seconds; 0 means DefaultExpiresIn
	OmitSessionToken bool   // add the session token after signing, unsigned
}

// Signed holds every intermediate, in spec order, and the outputs.
type Signed struct {
	CanonicalURI           string
	CanonicalQueryString   string
	CanonicalHeaders       string
	SignedHeaders          string
	HashedPayload          string
	CanonicalRequest       string
	CredentialScope        string
	HashedCanonicalRequest string
	StringToSign           string
	Keys                   [4][]byte // kDate, kRegion, kService, kSigning

	Signature     string
	Authorization string            // header form only
	SignedQuery   string            // presigned form only: the complete query to send
	Headers       map[string]string // headers to add to the request
}

func checkTimestamp(stamp string) error {
	ok := len(stamp) == 16 && stamp[8] == 'T' && stamp[15] == 'Z'
	for i := 0; ok && i < 15; i++ {
		ok = i == 8 || '0' <= stamp[i] && stamp[i] <= '9'
	}
	if ok {
		t, err := time.Parse(TimeFormat, stamp)
		ok = err == nil && t.Year() >= 1
	}
	if !ok {
		return &sigenc.InputError{Field: "timestamp", Message: strconv.Quote(stamp) + " is not a real YYYYMMDDTHHMMSSZ time"}
	}
	return nil
}

// Sign signs r and reports every step.
func Sign(r Request) (*Signed, error) {
	if err := checkTimestamp(r.Timestamp); err != nil {
		return nil, err
	}
	for _, h := range r.Headers {
		name := sigenc.ASCIILower(sigenc.ASCIITrim(h.Name))
		for _, own := range signerHeaders {
			if name == own {
				return nil, &sigenc.InputError{Field: "headers", Message: strconv.Quote(h.Name) + " is set by the signer; leave it out of headers"}
			}
		}
	}
	s := &Signed{Headers: map[string]string{}}
	signToken := r.SessionToken != "" && !r.OmitSessionToken
	date := r.Timestamp[:8]
	s.HashedPayload = HashedPayload(r.Body)
	if r.UnsignedPayload {
		s.HashedPayload = UnsignedPayload
	}
	if r.PayloadHash != "" {
		s.HashedPayload = r.PayloadHash
	}
	s.CredentialScope = CredentialScope(date, r.Region, r.Service)

	toCanonicalize := append([]Header(nil), r.Headers...)
	if !r.Presign {
		s.Headers["X-Amz-Date"] = r.Timestamp
		toCanonicalize = append(toCanonicalize, Header{"X-Amz-Date", r.Timestamp})
		if r.SessionToken != "" {
			s.Headers["X-Amz-Security-Token"] = r.SessionToken
			if signToken {
				toCanonicalize = append(toCanonicalize, Header{"X-Amz-Security-Token", r.SessionToken})
			}
		}
		if r.SignBody {
			s.Headers["x-amz-content-sha256"] = s.HashedPayload
			toCanonicalize = append(toCanonicalize, Header{"x-amz-content-sha256", s.HashedPayload})
		}
	}
	s.CanonicalHeaders, s.SignedHeaders = CanonicalHeaders(toCanonicalize)

	var extra []Param
	if r.Presign {
		expires := r.ExpiresIn
		if expires == 0 {
			expires = DefaultExpiresIn
		}
		extra = []Param{
			{"X-Amz-Algorithm", Algorithm},
			{"X-Amz-Credential", r.AccessKeyID + "/" + s.CredentialScope},
			{"X-Amz-Date", r.Timestamp},
			{"X-Amz-Expires", strconv.Itoa(expires)},
			{"X-Amz-SignedHeaders", s.SignedHeaders},
		}
		if signToken {
			extra = append(extra, Param{"X-Amz-Security-Token", r.SessionToken})
		}
	}
	s.CanonicalQueryString = CanonicalQueryString(r.Query, extra)
	s.CanonicalURI = CanonicalURI(r.Path, !r.KeepDotSegments, !r.KeepPathEscapes)
	s.CanonicalRequest = CanonicalRequest(r.Method, s.CanonicalURI, s.CanonicalQueryString,
		s.CanonicalHeaders, s.SignedHeaders, s.HashedPayload)
	s.HashedCanonicalRequest = HashedCanonicalRequest(s.CanonicalRequest)
	s.StringToSign = StringToSign(r.Timestamp, s.CredentialScope, s.HashedCanonicalRequest)
	s.Keys = SigningKeys(r.SecretAccessKey, date, r.Region, r.Service)
	s.Signature = Signature(s.Keys[3], s.StringToSign)

	if r.Presign {
		s.SignedQuery = s.CanonicalQueryString + "&X-Amz-Signature=" + s.Signature
		if r.SessionToken != "" && !signToken {
			s.SignedQuery += "&X-Amz-Security-Token=" + sigenc.PercentEncode(r.SessionToken)
		}
	} else {
		s.Authorization = Authorization(r.AccessKeyID, s.CredentialScope, s.SignedHeaders, s.Signature)
		s.Headers["Authorization"] = s.Authorization
	}
	return s, nil
}
