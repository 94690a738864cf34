// Package aliyunacs3 computes Alibaba Cloud's V3 request signature (ACS3-HMAC-SHA256): a
// canonical request over the path, the sorted query, the host, content-type and x-acs-*
// headers and the body's SHA-256, signed with HMAC-SHA256 keyed with the AccessKey secret.
package aliyunacs3

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"sigvec.dev/port/sigenc"
	"sigvec.dev/port/vectorin"
)

// Scheme is the vectors' scheme id; Steps are its intermediates, in computation order.
const Scheme = "aliyun-acs3"

var Steps = []string{
	"canonical_uri", "canonical_query_string", "hashed_request_payload", "canonical_headers",
	"signed_headers", "canonical_request", "hashed_canonical_request", "string_to_sign",
}

// Algorithm heads the string to sign and the Authorization header.
const Algorithm = "ACS3-HMAC-SHA256"

const (
	contentSHA256Header = "x-acs-content-sha256"
	securityTokenHeader = "x-acs-security-token"
)

// signerHeaders are set by the signer; a caller who also sent them would sign a stale copy.
var signerHeaders = []string{contentSHA256Header, securityTokenHeader, "authorization"}

// Header is one request header as sent.
type Header struct{ Name, Value string }

// CanonicalURI is the resource path percent-encoded per RFC 3986, '/' kept.
func CanonicalURI(path string) string {
	if path == "" {
		path = "/"
	}
	return sigenc.PercentEncodeKeep(path, "/")
}

// CanonicalQueryString sorts the parameters by their unencoded names (code point order, which
// is UTF-8 byte order), then joins enc(name)=enc(value) with '&' (an empty value gives "name=").
func CanonicalQueryString(query map[string]string) string {
	names := make([]string, 0, len(query))
	for name := range query {
		names = append(names, name)
	}
	sort.Strings(names)
	pairs := make([]string, len(names))
	for i, name := range names {
		pairs[i] = sigenc.PercentEncode(name) + "=" + sigenc.PercentEncode(query[name])
	}
	return strings.Join(pairs, "&")
}

// HashedRequestPayload is the lower-case hex SHA-256 of the body bytes.
func HashedRequestPayload(body []byte) string { return sigenc.SHA256Hex(body) }

// isSigned tells whether a lower-cased header name is signed: host, content-type, x-acs-*.
func isSigned(name string) bool {
	return name == "host" || name == "content-type" || strings.HasPrefix(name, "x-acs-")
}

// CanonicalHeaders keeps the signed headers, as "lower(name):trimmed value\n" sorted by
// name; it returns that block and the signed header names joined by ';'.
func CanonicalHeaders(headers []Header) (canonical, signed string) {
	values := map[string]string{}
	var names []string
	for _, h := range headers {
		name := sigenc.ASCIILower(sigenc.ASCIITrim(h.Name))
		if isSigned(name) {
			names = append(names, name)
			values[name] = sigenc.ASCIITrim(h.Value)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		b.WriteString(name + ":" + values[name] + "\n")
	}
	return b.String(), strings.Join(names, ";")
}

// CanonicalRequest joins the six parts with '\n' (canonicalHeaders already ends in '\n').
func CanonicalRequest(method, canonicalURI, canonicalQuery, canonicalHeaders, signedHeaders, hashedPayload string) string {
	return strings.Join([]string{method, canonicalURI, canonicalQuery, canonicalHeaders, signedHeaders, hashedPayload}, "\n")
}

// HashedCanonicalRequest is the lower-case hex SHA-256 of the canonical request.
func HashedCanonicalRequest(canonicalRequest string) string {
	return sigenc.SHA256Hex([]byte(canonicalRequest))
}

// StringToSign is the algorithm and the hashed canonical request on two lines.
func StringToSign(hashedCanonicalRequest string) string {
	return Algorithm + "\n" + hashedCanonicalRequest
}

// Signature is the lower-case hex HMAC-SHA256 of the string to sign, keyed with the secret.
func Signature(accessKeySecret, stringToSign string) string {
	return hex.EncodeToString(sigenc.HMACSHA256([]byte(accessKeySecret), []byte(stringToSign)))
}

// Authorization is the header value: its three parts separated by ',' with no space.
func Authorization(accessKeyID, signedHeaders, signature string) string {
	return Algorithm + " Credential=" + accessKeyID + ",SignedHeaders=" + signedHeaders + ",Signature=" + signature
}

// Request is what gets signed.
type Request struct {
	Method  string
	Path    string            // the resource path, unencoded; "" means "/"
	Query   map[string]string // decoded parameters
	Headers []Header          // host, x-acs-action, x-acs-version, x-acs-date, x-acs-signature-nonce, …
	Body    []byte

	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string // STS credentials; "" for none
}

// Signed holds every intermediate, in spec order, and the outputs.
type Signed struct {
	CanonicalURI           string
	CanonicalQueryString   string
	HashedRequestPayload   string
	CanonicalHeaders       string
	SignedHeaders          string
	CanonicalRequest       string
	HashedCanonicalRequest string
	StringToSign           string

	Signature     string
	Authorization string
	Headers       map[string]string // headers to add to the request
}

// Sign signs r and reports every step.
func Sign(r Request) (*Signed, error) {
	seen := map[string]bool{}
	for _, h := range r.Headers {
		name := sigenc.ASCIILower(sigenc.ASCIITrim(h.Name))
		for _, own := range signerHeaders {
			if name == own {
				return nil, &sigenc.InputError{Field: "headers", Message: strconv.Quote(h.Name) + " is set by the signer; leave it out of headers"}
			}
		}
		if seen[name] {
			return nil, &sigenc.InputError{Field: "headers", Message: strconv.Quote(h.Name) + " is given twice"}
		}
		seen[name] = true
	}
	s := &Signed{Headers: map[string]string{}}
	s.CanonicalURI = CanonicalURI(r.Path)
	s.CanonicalQueryString = CanonicalQueryString(r.Query)
	s.HashedRequestPayload = HashedRequestPayload(r.Body)
	s.Headers[contentSHA256Header] = s.HashedRequestPayload
	if r.SecurityToken != "" {
		s.Headers[securityTokenHeader] = r.SecurityToken
	}
	toCanonicalize := append([]Header(nil), r.Headers...)
	for name, value := range s.Headers {
		toCanonicalize = append(toCanonicalize, Header{Name: name, Value: value})
	}
	s.CanonicalHeaders, s.SignedHeaders = CanonicalHeaders(toCanonicalize)
	s.CanonicalRequest = CanonicalRequest(r.Method, s.CanonicalURI, s.CanonicalQueryString,
		s.CanonicalHeaders, s.SignedHeaders, s.HashedRequestPayload)
	s.HashedCanonicalRequest = HashedCanonicalRequest(s.CanonicalRequest)
	s.StringToSign = StringToSign(s.HashedCanonicalRequest)
	s.Signature = Signature(r.AccessKeySecret, s.StringToSign)
	s.Authorization = Authorization(r.AccessKeyID, s.SignedHeaders, s.Signature)
	s.Headers["Authorization"] = s.Authorization
	return s, nil
}

type acs3Input struct {
	Method          string            `json:"method"`
	Path            string            `json:"path"`
	Query           map[string]string `json:"query"`
	Headers         [][]string        `json:"headers"`
	Body            string            `json:"body"`
	BodyBase64      *string           `json:"body_base64"`
	AccessKeyID     string            `json:"access_key_id"`
	AccessKeySecret string            `json:"access_key_secret"`
	SecurityToken   string            `json:"security_token"`
}

// Run signs one vector input: the intermediates in the order of Steps (list-valued and absent
// ones included), and the output.
func Run(raw json.RawMessage) ([]any, any, error) {
	var in acs3Input
	if err := vectorin.Decode(raw, &in, "method", "headers", "access_key_id", "access_key_secret"); err != nil {
		return nil, nil, err
	}
	r := Request{
		Method: in.Method, Path: in.Path, Query: in.Query,
		AccessKeyID: in.AccessKeyID, AccessKeySecret: in.AccessKeySecret, SecurityToken: in.SecurityToken,
	}
	var err error
	if r.Headers, err = vectorin.HeaderPairs[Header]("headers", in.Headers); err != nil {
		return nil, nil, err
	}
	if r.Body, err = vectorin.Body(in.Body, in.BodyBase64); err != nil {
		return nil, nil, err
	}
	s, err := Sign(r)
	if err != nil {
		return nil, nil, fmt.Errorf("input.%w", err)
	}
	values := []any{
		s.CanonicalURI, s.CanonicalQueryString, s.HashedRequestPayload, s.CanonicalHeaders,
		s.SignedHeaders, s.CanonicalRequest, s.HashedCanonicalRequest, s.StringToSign,
	}
	output := struct {
		Signature     string            `json:"signature"`
		Authorization string            `json:"authorization"`
		Headers       map[string]string `json:"headers"`
	}{s.Signature, s.Authorization, s.Headers}
	return values, output, nil
}
