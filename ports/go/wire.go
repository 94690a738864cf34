package main

// The vector inputs as JSON, their documented defaults, and the mapping of each scheme's
// results to the step names of vectors/<scheme>.json.

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"sigvec.dev/port/aliyunacs3"
	"sigvec.dev/port/aliyunrpc"
	"sigvec.dev/port/awssigv4"
	"sigvec.dev/port/awssigv4streaming"
	"sigvec.dev/port/iflytek"
	"sigvec.dev/port/iflytekws"
	"sigvec.dev/port/tc3"
	// scaffold: imports
)

type scheme struct {
	steps []string
	// run returns the intermediates in the order of steps, and the output object.
	run func(input json.RawMessage) ([]any, any, error)
}

var schemes = map[string]scheme{
	awssigv4.Scheme:          {awssigv4.Steps, runAWS},
	tc3.Scheme:               {tc3.Steps, runTC3},
	aliyunrpc.Scheme:         {aliyunrpc.Steps, runAliyun},
	iflytek.Scheme:           {iflytek.Steps, runIflytek},
	awssigv4streaming.Scheme: {awssigv4streaming.Steps, runAWSStreaming},
	aliyunacs3.Scheme:        {aliyunacs3.Steps, runACS3},
	iflytekws.Scheme:         {iflytekws.Steps, runIflytekWS},
	// scaffold: schemes
}

// decodeInput checks that every required field is present, then decodes raw into dst.
func decodeInput(raw json.RawMessage, dst any, required ...string) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
		return errors.New("input: not a JSON object")
	}
	for _, name := range required {
		if _, ok := fields[name]; !ok {
			return fmt.Errorf("input.%s: required", name)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(dst); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return fmt.Errorf("input.%s: expected %s, got JSON %s", typeErr.Field, typeErr.Type, typeErr.Value)
		}
		return fmt.Errorf("input: %w", err)
	}
	return nil
}

// headerPairs maps the input's [[name, value], ...] (field names it in errors).
func headerPairs[H ~struct{ Name, Value string }](field string, pairs [][]string) ([]H, error) {
	headers := make([]H, 0, len(pairs))
	for i, h := range pairs {
		if len(h) != 2 {
			return nil, fmt.Errorf("input.%s[%d]: expected a [name, value] pair", field, i)
		}
		headers = append(headers, H(struct{ Name, Value string }{h[0], h[1]}))
	}
	return headers, nil
}

// requestBody is body_base64 decoded (strict standard base64) when given, else body's UTF-8.
func requestBody(body string, bodyBase64 *string) ([]byte, error) {
	if bodyBase64 == nil {
		return []byte(body), nil
	}
	decoded, err := base64.StdEncoding.DecodeString(*bodyBase64)
	if err == nil && strings.ContainsAny(*bodyBase64, "\r\n") {
		err = errors.New("line breaks") // Go's decoder would skip them silently
	}
	if err != nil {
		return nil, fmt.Errorf("input.body_base64: expected standard base64 (%v)", err)
	}
	return decoded, nil
}

type awsInput struct {
	Method            string     `json:"method"`
	Path              string     `json:"path"`
	Query             string     `json:"query"`
	Headers           [][]string `json:"headers"`
	Body              string     `json:"body"`
	BodyBase64        *string    `json:"body_base64"`
	AccessKeyID       string     `json:"access_key_id"`
	SecretAccessKey   string     `json:"secret_access_key"`
	SessionToken      string     `json:"session_token"`
	OmitSessionToken  bool       `json:"omit_session_token"`
	Region            string     `json:"region"`
	Service           string     `json:"service"`
	Timestamp         string     `json:"timestamp"`
	NormalizePath     *bool      `json:"normalize_path"`
	DoubleEncodePath  *bool      `json:"double_encode_path"`
	SignBody          bool       `json:"sign_body"`
	UnsignedPayload   bool       `json:"unsigned_payload"`
	SignatureLocation string     `json:"signature_location"`
	ExpiresIn         *int       `json:"expires_in"`
}

func runAWS(raw json.RawMessage) ([]any, any, error) {
	var in awsInput
	if err := decodeInput(raw, &in, "method", "path", "headers", "access_key_id",
		"secret_access_key", "region", "service", "timestamp"); err != nil {
		return nil, nil, err
	}
	r := awssigv4.Request{
		Method: in.Method, Path: in.Path, Query: in.Query,
		AccessKeyID: in.AccessKeyID, SecretAccessKey: in.SecretAccessKey,
		SessionToken: in.SessionToken, OmitSessionToken: in.OmitSessionToken,
		Region: in.Region, Service: in.Service, Timestamp: in.Timestamp,
		KeepDotSegments: in.NormalizePath != nil && !*in.NormalizePath,
		KeepPathEscapes: in.DoubleEncodePath != nil && !*in.DoubleEncodePath,
		SignBody:        in.SignBody,
		UnsignedPayload: in.UnsignedPayload,
		ExpiresIn:       awssigv4.DefaultExpiresIn,
	}
	var err error
	if r.Headers, err = headerPairs[awssigv4.Header]("headers", in.Headers); err != nil {
		return nil, nil, err
	}
	if r.Body, err = requestBody(in.Body, in.BodyBase64); err != nil {
		return nil, nil, err
	}
	switch in.SignatureLocation {
	case "", "header":
	case "query":
		r.Presign = true
	default:
		return nil, nil, fmt.Errorf("input.signature_location: %q is neither \"header\" nor \"query\"", in.SignatureLocation)
	}
	if in.ExpiresIn != nil {
		if *in.ExpiresIn < 1 {
			return nil, nil, fmt.Errorf("input.expires_in: %d is not a positive number of seconds", *in.ExpiresIn)
		}
		r.ExpiresIn = *in.ExpiresIn
	}
	s, err := awssigv4.Sign(r)
	if err != nil {
		return nil, nil, fmt.Errorf("input.%w", err)
	}
	values := []any{
		s.CanonicalURI, s.CanonicalQueryString, s.CanonicalHeaders, s.SignedHeaders,
		s.HashedPayload, s.CanonicalRequest, s.CredentialScope, s.HashedCanonicalRequest,
		s.StringToSign, hex.EncodeToString(s.Keys[0]), hex.EncodeToString(s.Keys[1]),
		hex.EncodeToString(s.Keys[2]), hex.EncodeToString(s.Keys[3]),
	}
	output := struct {
		Signature     string            `json:"signature"`
		Authorization string            `json:"authorization,omitempty"`
		SignedQuery   string            `json:"signed_query,omitempty"`
		Headers       map[string]string `json:"headers"`
	}{s.Signature, s.Authorization, s.SignedQuery, s.Headers}
	return values, output, nil
}

type tc3Input struct {
	SecretID      string    `json:"secret_id"`
	SecretKey     string    `json:"secret_key"`
	Service       string    `json:"service"`
	Host          string    `json:"host"`
	Action        string    `json:"action"`
	Version       string    `json:"version"`
	Timestamp     int64     `json:"timestamp"`
	Method        string    `json:"method"`
	Payload       string    `json:"payload"`
	Query         string    `json:"query"`
	ContentType   *string   `json:"content_type"`
	Region        string    `json:"region"`
	Token         string    `json:"token"`
	SignedHeaders *[]string `json:"signed_headers"`
}

func runTC3(raw json.RawMessage) ([]any, any, error) {
	var in tc3Input
	if err := decodeInput(raw, &in, "secret_id", "secret_key", "service", "host", "action",
		"version", "timestamp", "method", "payload", "query"); err != nil {
		return nil, nil, err
	}
	r := tc3.Request{
		SecretID: in.SecretID, SecretKey: in.SecretKey, Service: in.Service, Host: in.Host,
		Action: in.Action, Version: in.Version, Region: in.Region, Token: in.Token,
		Timestamp: in.Timestamp, Method: in.Method, Payload: in.Payload, Query: in.Query,
		ContentType: tc3.DefaultContentType, SignedHeaders: tc3.DefaultSignedHeaders,
	}
	if in.ContentType != nil {
		r.ContentType = *in.ContentType
	}
	if in.SignedHeaders != nil {
		r.SignedHeaders = *in.SignedHeaders
	}
	s, err := tc3.Sign(r)
	if err != nil {
		return nil, nil, fmt.Errorf("input.%w", err)
	}
	values := []any{
		s.HashedRequestPayload, s.CanonicalHeaders, s.SignedHeaders, s.CanonicalRequest,
		s.Date, s.CredentialScope, s.HashedCanonicalRequest, s.StringToSign,
		hex.EncodeToString(s.SecretDate), hex.EncodeToString(s.SecretService),
		hex.EncodeToString(s.SecretSigning),
	}
	output := struct {
		Signature     string            `json:"signature"`
		Authorization string            `json:"authorization"`
		Headers       map[string]string `json:"headers"`
	}{s.Signature, s.Authorization, s.Headers}
	return values, output, nil
}

type aliyunInput struct {
	Method          string            `json:"method"`
	AccessKeySecret string            `json:"access_key_secret"`
	Params          map[string]string `json:"params"`
}

func runAliyun(raw json.RawMessage) ([]any, any, error) {
	var in aliyunInput
	if err := decodeInput(raw, &in, "method", "access_key_secret", "params"); err != nil {
		return nil, nil, err
	}
	s := aliyunrpc.Sign(in.Method, in.AccessKeySecret, in.Params)
	values := []any{s.CanonicalizedQueryString, s.StringToSign, hex.EncodeToString(s.HMACSHA1)}
	output := struct {
		Signature   string `json:"signature"`
		SignedQuery string `json:"signed_query"`
	}{s.Signature, s.SignedQuery}
	return values, output, nil
}

type iflytekInput struct {
	AppID     string `json:"app_id"`
	TS        string `json:"ts"`
	AppSecret string `json:"app_secret"`
}

func runIflytek(raw json.RawMessage) ([]any, any, error) {
	var in iflytekInput
	if err := decodeInput(raw, &in, "app_id", "ts", "app_secret"); err != nil {
		return nil, nil, err
	}
	s := iflytek.Sign(in.AppID, in.TS, in.AppSecret)
	values := []any{s.BaseString, s.MD5Hex, hex.EncodeToString(s.HMACSHA1)}
	output := struct {
		Signature string            `json:"signature"`
		Query     string            `json:"query"`
		Headers   map[string]string `json:"headers"`
	}{s.Signature, s.Query, s.Headers}
	return values, output, nil
}

type streamingInput struct {
	Method            string      `json:"method"`
	Path              string      `json:"path"`
	Query             string      `json:"query"`
	Headers           [][]string  `json:"headers"`
	Body              string      `json:"body"`
	BodyBase64        *string     `json:"body_base64"`
	ChunkSize         *int        `json:"chunk_size"`
	Trailer           *[][]string `json:"trailer"`
	SignContentLength *bool       `json:"sign_content_length"`
	AccessKeyID       string      `json:"access_key_id"`
	SecretAccessKey   string      `json:"secret_access_key"`
	SessionToken      string      `json:"session_token"`
	Region            string      `json:"region"`
	Service           string      `json:"service"`
	Timestamp         string      `json:"timestamp"`
}

func runAWSStreaming(raw json.RawMessage) ([]any, any, error) {
	var in streamingInput
	if err := decodeInput(raw, &in, "method", "path", "headers", "access_key_id",
		"secret_access_key", "region", "timestamp"); err != nil {
		return nil, nil, err
	}
	r := awssigv4streaming.Request{
		Method: in.Method, Path: in.Path, Query: in.Query,
		ChunkSize: awssigv4streaming.DefaultChunkSize, SignContentLength: true,
		AccessKeyID: in.AccessKeyID, SecretAccessKey: in.SecretAccessKey, SessionToken: in.SessionToken,
		Region: in.Region, Service: in.Service, Timestamp: in.Timestamp,
	}
	var err error
	if r.Headers, err = headerPairs[awssigv4.Header]("headers", in.Headers); err != nil {
		return nil, nil, err
	}
	if r.Payload, err = requestBody(in.Body, in.BodyBase64); err != nil {
		return nil, nil, err
	}
	if in.ChunkSize != nil {
		if *in.ChunkSize < 1 {
			return nil, nil, fmt.Errorf("input.chunk_size: %d is not a positive number of bytes", *in.ChunkSize)
		}
		r.ChunkSize = *in.ChunkSize
	}
	if in.Trailer != nil {
		if len(*in.Trailer) == 0 {
			return nil, nil, errors.New("input.trailer: expected at least one [name, value] pair (leave it out for none)")
		}
		if r.Trailer, err = headerPairs[awssigv4.Header]("trailer", *in.Trailer); err != nil {
			return nil, nil, err
		}
	}
	if in.SignContentLength != nil {
		r.SignContentLength = *in.SignContentLength
	}
	s, err := awssigv4streaming.Sign(r)
	if err != nil {
		return nil, nil, fmt.Errorf("input.%w", err)
	}
	seed := s.Seed
	values := []any{
		seed.CanonicalURI, seed.CanonicalQueryString, seed.CanonicalHeaders, seed.SignedHeaders,
		seed.HashedPayload, seed.CanonicalRequest, seed.CredentialScope, seed.HashedCanonicalRequest,
		seed.StringToSign, hex.EncodeToString(seed.Keys[3]), s.ChunkStringsToSign, s.ChunkSignatures,
		nil, nil,
	}
	if r.Trailer != nil {
		values[12], values[13] = s.TrailerStringToSign, s.TrailerSignature
	}
	output := struct {
		Signature         string            `json:"signature"`
		Authorization     string            `json:"authorization"`
		Headers           map[string]string `json:"headers"`
		ChunkHeaders      []string          `json:"chunk_headers"`
		EncodedBodySHA256 string            `json:"encoded_body_sha256"`
	}{seed.Signature, seed.Authorization, s.Headers, s.ChunkHeaders, s.EncodedBodySHA256}
	return values, output, nil
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

func runACS3(raw json.RawMessage) ([]any, any, error) {
	var in acs3Input
	if err := decodeInput(raw, &in, "method", "headers", "access_key_id", "access_key_secret"); err != nil {
		return nil, nil, err
	}
	r := aliyunacs3.Request{
		Method: in.Method, Path: in.Path, Query: in.Query,
		AccessKeyID: in.AccessKeyID, AccessKeySecret: in.AccessKeySecret, SecurityToken: in.SecurityToken,
	}
	var err error
	if r.Headers, err = headerPairs[aliyunacs3.Header]("headers", in.Headers); err != nil {
		return nil, nil, err
	}
	if r.Body, err = requestBody(in.Body, in.BodyBase64); err != nil {
		return nil, nil, err
	}
	s, err := aliyunacs3.Sign(r)
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

type iflytekWSInput struct {
	APIKey    string  `json:"api_key"`
	APISecret string  `json:"api_secret"`
	Host      string  `json:"host"`
	Path      string  `json:"path"`
	Method    *string `json:"method"`
	Date      string  `json:"date"`
}

func runIflytekWS(raw json.RawMessage) ([]any, any, error) {
	var in iflytekWSInput
	if err := decodeInput(raw, &in, "api_key", "api_secret", "host", "path", "date"); err != nil {
		return nil, nil, err
	}
	method := iflytekws.DefaultMethod
	if in.Method != nil {
		method = *in.Method
	}
	if err := iflytekws.CheckDate(in.Date); err != nil {
		return nil, nil, fmt.Errorf("input.%w", err)
	}
	s := iflytekws.Sign(in.APIKey, in.APISecret, in.Host, method, in.Path, in.Date)
	values := []any{s.RequestLine, s.SignatureOrigin, hex.EncodeToString(s.HMACSHA256), s.AuthorizationOrigin}
	output := struct {
		Signature     string `json:"signature"`
		Authorization string `json:"authorization"`
		Query         string `json:"query"`
	}{s.Signature, s.Authorization, s.Query}
	return values, output, nil
}
