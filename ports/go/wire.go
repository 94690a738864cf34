package main

// The vector inputs as JSON, their documented defaults, and the mapping of each scheme's
// results to the step names of vectors/<scheme>.json.

import (
	"encoding/hex"
	"encoding/json"
	"fmt"

	"sigvec.dev/port/aliyunacs3"
	"sigvec.dev/port/aliyunrpc"
	"sigvec.dev/port/awssigv4"
	"sigvec.dev/port/awssigv4streaming"
	"sigvec.dev/port/iflytek"
	"sigvec.dev/port/iflytekws"
	"sigvec.dev/port/tc3"
	"sigvec.dev/port/vectorin"
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
	awssigv4streaming.Scheme: {awssigv4streaming.Steps, awssigv4streaming.Run},
	aliyunacs3.Scheme:        {aliyunacs3.Steps, aliyunacs3.Run},
	iflytekws.Scheme:         {iflytekws.Steps, iflytekws.Run},
	// scaffold: schemes
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
	if err := vectorin.Decode(raw, &in, "method", "path", "headers", "access_key_id",
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
	if r.Headers, err = vectorin.HeaderPairs[awssigv4.Header]("headers", in.Headers); err != nil {
		return nil, nil, err
	}
	if r.Body, err = vectorin.Body(in.Body, in.BodyBase64); err != nil {
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
	if err := vectorin.Decode(raw, &in, "secret_id", "secret_key", "service", "host", "action",
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
	if err := vectorin.Decode(raw, &in, "method", "access_key_secret", "params"); err != nil {
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
	if err := vectorin.Decode(raw, &in, "app_id", "ts", "app_secret"); err != nil {
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
