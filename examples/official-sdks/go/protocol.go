// The sigvec line protocol for the Go SDK adapters: one loop, a skip, and the AWS helpers. Each
// adapter (one file per SDK, built with this one) maps a vector's input onto its SDK's public
// API and reports what the SDK produced; it never computes a signature itself.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"time"
)

// Skip says the SDK's API cannot express the input (a skip, not a failure).
type Skip struct{ Reason string }

func (s Skip) Error() string { return s.Reason }

// Input is a vector's input, as the runner sends it.
type Input map[string]interface{}

func (in Input) str(name, fallback string) string {
	if v, ok := in[name].(string); ok {
		return v
	}
	return fallback
}

func (in Input) flag(name string, fallback bool) bool {
	if v, ok := in[name].(bool); ok {
		return v
	}
	return fallback
}

func (in Input) headers() [][2]string {
	var pairs [][2]string
	for _, raw := range in["headers"].([]interface{}) {
		pair := raw.([]interface{})
		pairs = append(pairs, [2]string{pair[0].(string), pair[1].(string)})
	}
	return pairs
}

func (in Input) body() []byte {
	if b64, ok := in["body_base64"].(string); ok {
		data, _ := base64.StdEncoding.DecodeString(b64)
		return data
	}
	return []byte(in.str("body", ""))
}

func (in Input) signingTime() time.Time {
	moment, _ := time.Parse("20060102T150405Z", in.str("timestamp", ""))
	return moment
}

func (in Input) expires() int {
	if v, ok := in["expires_in"].(float64); ok {
		return int(v)
	}
	return 3600
}

// Intermediates are the steps an adapter reports: text, or a list (one value per chunk).
type Intermediates = map[string]interface{}

// Handler signs one vector: (intermediates, output) or an error (a Skip or a failure).
type Handler func(Input) (Intermediates, map[string]interface{}, error)

func serve(name, version, scheme string, steps []string, handle Handler) {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	for in.Scan() {
		var message map[string]interface{}
		if err := json.Unmarshal(in.Bytes(), &message); err != nil {
			continue
		}
		var reply map[string]interface{}
		switch message["cmd"] {
		case "stop":
			return
		case "start":
			reply = map[string]interface{}{"ready": true, "version": 1, "implementation": map[string]interface{}{
				"name": name, "language": "go", "version": version, "schemes": map[string][]string{scheme: steps}}}
		default:
			reply = run(scheme, handle, message)
		}
		line, _ := json.Marshal(reply)
		out.Write(append(line, '\n'))
		out.Flush()
	}
}

func run(scheme string, handle Handler, message map[string]interface{}) (reply map[string]interface{}) {
	seq := message["seq"]
	if message["scheme"] != scheme {
		return map[string]interface{}{"seq": seq, "skipped": true, "message": fmt.Sprintf("%v is not signed by this SDK", message["scheme"])}
	}
	defer func() {
		if r := recover(); r != nil {
			reply = map[string]interface{}{"seq": seq, "errored": true, "context": map[string]interface{}{"message": fmt.Sprint(r)}}
		}
	}()
	input, _ := message["input"].(map[string]interface{})
	intermediates, output, err := handle(Input(input))
	if skip, ok := err.(Skip); ok {
		return map[string]interface{}{"seq": seq, "skipped": true, "message": skip.Reason}
	}
	if err != nil {
		return map[string]interface{}{"seq": seq, "errored": true, "context": map[string]interface{}{"message": err.Error()}}
	}
	result := map[string]interface{}{"seq": seq, "output": output}
	if intermediates != nil {
		result["intermediates"] = intermediates
	}
	return result
}

var httpToken = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

// checkHeaderNames: net/http refuses a field name that is not an RFC 9110 token, and a line
// break in a value.
func checkHeaderNames(headers [][2]string) error {
	for _, pair := range headers {
		if !httpToken.MatchString(pair[0]) {
			return Skip{fmt.Sprintf("net/http refuses the header name %q (not an HTTP token)", pair[0])}
		}
		if strings.ContainsAny(pair[1], "\r\n") {
			return Skip{fmt.Sprintf("net/http refuses the value of %s (a line break)", pair[0])}
		}
	}
	return nil
}

var sendableAsIs = regexp.MustCompile(`^[0-9A-Za-z;,/:@&=+$\-_.!~*'()%]*$`)

// checkWirePath: a path with a raw space or non-ASCII character cannot go on the wire as it
// is; net/url encodes it, and the signer signs what is sent.
func checkWirePath(path string) error {
	if !sendableAsIs.MatchString(path) {
		return Skip{"the request's URL holds the path encoded: a raw space or non-ASCII character is encoded before signing"}
	}
	return nil
}

var needsNormalising = regexp.MustCompile(`(^|/)\.\.?(/|$)|//`)

// AWSSteps are the intermediates an AWS adapter reports.
var AWSSteps = []string{"canonical_uri", "canonical_query_string", "canonical_headers", "signed_headers",
	"hashed_payload", "canonical_request", "credential_scope", "hashed_canonical_request", "string_to_sign"}

// awsIntermediates cuts the SDK's canonical request and string to sign into the vector's steps.
func awsIntermediates(canonicalRequest, stringToSign string) Intermediates {
	lines := strings.Split(canonicalRequest, "\n")
	sts := strings.Split(stringToSign, "\n")
	n := len(lines)
	return Intermediates{
		"canonical_uri":            lines[1],
		"canonical_query_string":   lines[2],
		"canonical_headers":        strings.Join(lines[3:n-3], "\n") + "\n",
		"signed_headers":           lines[n-2],
		"hashed_payload":           lines[n-1],
		"canonical_request":        canonicalRequest,
		"credential_scope":         sts[2],
		"hashed_canonical_request": sts[3],
		"string_to_sign":           stringToSign,
	}
}

// urlPath: the path as a URL holds it, raw characters encoded (RFC 3986), existing escapes kept;
// what an SDK's S3 client does before a signer that takes the path as already encoded.
func urlPath(path string) string {
	var b strings.Builder
	for _, c := range []byte(path) {
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("-._~/%", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// awsRequest is the vector's request as net/http holds it (Host in request.Host), after the
// checks both Go signers share; `given` names the headers the vector sends (canonical keys).
func awsRequest(in Input, sdk string, extraQuery string) (*http.Request, map[string]bool, error) {
	headers := in.headers()
	if err := checkHeaderNames(headers); err != nil {
		return nil, nil, err
	}
	path := in.str("path", "/")
	s3 := !in.flag("double_encode_path", true)
	if in.flag("normalize_path", true) && needsNormalising.MatchString(path) {
		return nil, nil, Skip{sdk + "'s signer never normalises the path"}
	}
	if s3 {
		path = urlPath(path)
	} else if err := checkWirePath(path); err != nil {
		return nil, nil, err
	}
	if in.flag("omit_session_token", false) && in.str("session_token", "") != "" {
		return nil, nil, Skip{sdk + "'s signer always signs the session token"}
	}
	rawQuery := in.str("query", "")
	if extraQuery != "" && rawQuery != "" {
		rawQuery += "&" + extraQuery
	} else if extraQuery != "" {
		rawQuery = extraQuery
	}
	request, err := http.NewRequest(in.str("method", "GET"), "https://placeholder"+path, bytes.NewReader(in.body()))
	if err != nil {
		return nil, nil, err
	}
	request.URL.RawQuery = rawQuery
	given := map[string]bool{}
	for _, pair := range headers {
		if strings.EqualFold(pair[0], "host") {
			request.Host = pair[1]
			continue
		}
		request.Header.Add(pair[0], pair[1])
		given[http.CanonicalHeaderKey(pair[0])] = true
	}
	return request, given, nil
}

// addedHeaders: what the signer added to the request's headers, values joined as sent.
func addedHeaders(request *http.Request, given map[string]bool) map[string]string {
	added := map[string]string{}
	for name, values := range request.Header {
		if !given[name] {
			added[name] = strings.Join(values, ",")
		}
	}
	return added
}

func bodyHash(in Input) string {
	sum := sha256.Sum256(in.body())
	return hex.EncodeToString(sum[:])
}

func hasHeader(in Input, name string) bool {
	for _, pair := range in.headers() {
		if strings.EqualFold(pair[0], name) {
			return true
		}
	}
	return false
}

func signatureOf(authorization string) string {
	return authorization[strings.LastIndex(authorization, "Signature=")+len("Signature="):]
}
