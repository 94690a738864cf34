// Package tc3 computes the Tencent Cloud API 3.0 signature, TC3-HMAC-SHA256, one function per
// step.
package tc3

import (
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"time"

	"sigvec.dev/port/sigenc"
)

// Scheme is the vectors' scheme id; Steps are its intermediates, in the order they are computed.
const Scheme = "tencent-tc3"

var Steps = []string{
	"hashed_request_payload", "canonical_headers", "signed_headers", "canonical_request",
	"date", "credential_scope", "hashed_canonical_request", "string_to_sign",
	"secret_date_hex", "secret_service_hex", "secret_signing_hex",
}

// Algorithm is the algorithm name of the string to sign and of the Authorization header.
const Algorithm = "TC3-HMAC-SHA256"

// DefaultContentType is the Content-Type of a JSON POST, the usual TC3 request.
const DefaultContentType = "application/json; charset=utf-8"

// DefaultSignedHeaders are the headers signed when the caller names none.
var DefaultSignedHeaders = []string{"content-type", "host"}

// Request is what gets signed.
type Request struct {
	SecretID  string
	SecretKey string
	Service   string // e.g. "cvm"
	Host      string // e.g. "cvm.tencentcloudapi.com"
	Action    string
	Version   string
	Region    string // "" for a region-less API: X-TC-Region is then not sent
	Token     string // temporary-credential token; "" for none
	Timestamp int64  // UNIX seconds
	Method    string // "POST" or "GET"
	Payload   string // the exact body sent; "" for GET
	Query     string // the canonical query string for GET; "" for POST
	// ContentType is sent and signed verbatim; set it to DefaultContentType for a JSON body.
	ContentType string
	// SignedHeaders are lower-case header names to sign; nil means DefaultSignedHeaders.
	SignedHeaders []string
}

// HeaderValues maps every header the scheme can sign, by lower-case name, to its value.
func HeaderValues(r Request) map[string]string {
	values := map[string]string{
		"content-type":   r.ContentType,
		"host":           r.Host,
		"x-tc-action":    r.Action,
		"x-tc-timestamp": strconv.FormatInt(r.Timestamp, 10),
		"x-tc-version":   r.Version,
	}
	if r.Region != "" {
		values["x-tc-region"] = r.Region
	}
	if r.Token != "" {
		values["x-tc-token"] = r.Token
	}
	return values
}

// HashedRequestPayload is the lower-case hex SHA-256 of the payload's UTF-8 bytes, exactly as
// sent: re-serialising a JSON body changes it.
func HashedRequestPayload(payload string) string { return sigenc.SHA256Hex([]byte(payload)) }

// CanonicalHeaders is "name:value\n" per signed header, in the order given (sort names first).
// Tencent lower-cases (ASCII A-Z) header VALUES too, so x-tc-action carries the action in
// lower case; values are trimmed of space, tab, CR and LF.
func CanonicalHeaders(sortedNames []string, values map[string]string) string {
	var b strings.Builder
	for _, name := range sortedNames {
		b.WriteString(name + ":" + sigenc.ASCIILower(sigenc.ASCIITrim(values[name])) + "\n")
	}
	return b.String()
}

// SignedHeaders is the sorted names joined with ';'.
func SignedHeaders(sortedNames []string) string { return strings.Join(sortedNames, ";") }

// CanonicalRequest joins the parts with '\n'. The canonical URI is always "/"; an empty query
// still leaves its (blank) line, and canonicalHeaders ends in '\n' so another blank line follows.
func CanonicalRequest(method, query, canonicalHeaders, signedHeaders, hashedPayload string) string {
	return strings.Join([]string{method, "/", query, canonicalHeaders, signedHeaders, hashedPayload}, "\n")
}

// UTCDate is the UTC date (YYYY-MM-DD) of a UNIX timestamp, whatever the local time zone.
func UTCDate(timestamp int64) string {
	return time.Unix(timestamp, 0).UTC().Format("2006-01-02")
}

// CredentialScope is "date/service/tc3_request".
func CredentialScope(date, service string) string { return date + "/" + service + "/tc3_request" }

// HashedCanonicalRequest is the lower-case hex SHA-256 of the canonical request.
func HashedCanonicalRequest(canonicalRequest string) string {
	return sigenc.SHA256Hex([]byte(canonicalRequest))
}

// StringToSign is algorithm, timestamp, scope and hashed canonical request, one per line.
func StringToSign(timestamp int64, credentialScope, hashedCanonicalRequest string) string {
	return Algorithm + "\n" + strconv.FormatInt(timestamp, 10) + "\n" + credentialScope + "\n" + hashedCanonicalRequest
}

// SigningKeys derives secretDate, secretService and secretSigning.
func SigningKeys(secretKey, date, service string) (secretDate, secretService, secretSigning []byte) {
	secretDate = sigenc.HMACSHA256([]byte("TC3"+secretKey), []byte(date))
	secretService = sigenc.HMACSHA256(secretDate, []byte(service))
	secretSigning = sigenc.HMACSHA256(secretService, []byte("tc3_request"))
	return
}

// Signature is the lower-case hex HMAC-SHA256 of the string to sign.
func Signature(secretSigning []byte, stringToSign string) string {
	return hex.EncodeToString(sigenc.HMACSHA256(secretSigning, []byte(stringToSign)))
}

// Authorization is the value of the Authorization header.
func Authorization(secretID, credentialScope, signedHeaders, signature string) string {
	return Algorithm + " Credential=" + secretID + "/" + credentialScope +
		", SignedHeaders=" + signedHeaders + ", Signature=" + signature
}

// Signed holds every intermediate, in spec order, and the outputs.
type Signed struct {
	HashedRequestPayload   string
	CanonicalHeaders       string
	SignedHeaders          string
	CanonicalRequest       string
	Date                   string
	CredentialScope        string
	HashedCanonicalRequest string
	StringToSign           string
	SecretDate             []byte
	SecretService          []byte
	SecretSigning          []byte

	Signature     string
	Authorization string
	Headers       map[string]string // every header to send, Authorization included
}

// Sign signs r and reports every step.
func Sign(r Request) (*Signed, error) {
	if t := time.Unix(r.Timestamp, 0).UTC(); t.Year() < 1 || t.Year() > 9999 {
		return nil, &sigenc.InputError{Field: "timestamp", Message: "outside years 1..9999"}
	}
	values := HeaderValues(r)
	names := DefaultSignedHeaders
	if r.SignedHeaders != nil {
		names = r.SignedHeaders
	}
	names = append([]string(nil), names...)
	sort.Strings(names)
	for _, name := range names {
		if _, ok := values[name]; !ok {
			return nil, &sigenc.InputError{Field: "signed_headers", Message: "names " + strconv.Quote(name) + ", but the input has no value"}
		}
	}
	s := &Signed{}
	s.HashedRequestPayload = HashedRequestPayload(r.Payload)
	s.CanonicalHeaders = CanonicalHeaders(names, values)
	s.SignedHeaders = SignedHeaders(names)
	s.CanonicalRequest = CanonicalRequest(r.Method, r.Query, s.CanonicalHeaders, s.SignedHeaders, s.HashedRequestPayload)
	s.Date = UTCDate(r.Timestamp)
	s.CredentialScope = CredentialScope(s.Date, r.Service)
	s.HashedCanonicalRequest = HashedCanonicalRequest(s.CanonicalRequest)
	s.StringToSign = StringToSign(r.Timestamp, s.CredentialScope, s.HashedCanonicalRequest)
	s.SecretDate, s.SecretService, s.SecretSigning = SigningKeys(r.SecretKey, s.Date, r.Service)
	s.Signature = Signature(s.SecretSigning, s.StringToSign)
	s.Authorization = Authorization(r.SecretID, s.CredentialScope, s.SignedHeaders, s.Signature)
	s.Headers = map[string]string{
		"Authorization":  s.Authorization,
		"Content-Type":   r.ContentType,
		"Host":           r.Host,
		"X-TC-Action":    r.Action,
		"X-TC-Timestamp": values["x-tc-timestamp"],
		"X-TC-Version":   r.Version,
	}
	if v, ok := values["x-tc-region"]; ok {
		s.Headers["X-TC-Region"] = v
	}
	if v, ok := values["x-tc-token"]; ok {
		s.Headers["X-TC-Token"] = v
	}
	return s, nil
}
