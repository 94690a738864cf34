package main

// The verify command (runner/PROTOCOL.md, "verify"): a received request, the server's
// credentials and state in; a verdict out, from each scheme's Verify.

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"sigvec.dev/port/aliyunrpc"
	"sigvec.dev/port/awssigv4"
	"sigvec.dev/port/iflytek"
	"sigvec.dev/port/sigverify"
	"sigvec.dev/port/tc3"
)

// verifiers maps each scheme to its verifier; start announces their names.
var verifiers = map[string]func(*sigverify.Request, map[string]string, sigverify.Settings) error{
	awssigv4.Scheme:  awssigv4.Verify,
	tc3.Scheme:       tc3.Verify,
	aliyunrpc.Scheme: aliyunrpc.Verify,
	iflytek.Scheme:   iflytek.Verify,
}

func verifyingSchemes() []string {
	names := make([]string, 0, len(verifiers))
	for name := range verifiers {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

type verifyMessage struct {
	Seq     json.RawMessage `json:"seq"`
	Scheme  string          `json:"scheme"`
	Request struct {
		Method     string     `json:"method"`
		Target     string     `json:"target"`
		Headers    [][]string `json:"headers"`
		Body       string     `json:"body"`
		BodyBase64 *string    `json:"body_base64"`
	} `json:"request"`
	Credentials map[string]string `json:"credentials"`
	Server      struct {
		Now        string   `json:"now"`
		Region     string   `json:"region"`
		Service    string   `json:"service"`
		SeenNonces []string `json:"seenNonces"`
	} `json:"server"`
}

type verdict struct {
	Seq     json.RawMessage `json:"seq"`
	Verdict string          `json:"verdict"`
	Reason  string          `json:"reason,omitempty"`
	Message string          `json:"message,omitempty"`
}

// received turns the message into the request and server settings a verifier takes.
func received(m *verifyMessage) (*sigverify.Request, sigverify.Settings, error) {
	now, err := time.Parse(time.RFC3339, strings.TrimSpace(m.Server.Now))
	if err != nil {
		return nil, sigverify.Settings{}, fmt.Errorf("server.now: %q is not an ISO 8601 UTC time", m.Server.Now)
	}
	settings := sigverify.DefaultSettings(now)
	settings.Region, settings.Service = m.Server.Region, m.Server.Service
	for _, nonce := range m.Server.SeenNonces {
		settings.SeenNonces[nonce] = true
	}
	if m.Request.Method == "" || m.Request.Target == "" {
		return nil, settings, errors.New("request.method, request.target: expected non-empty strings")
	}
	r := &sigverify.Request{Method: m.Request.Method, Target: m.Request.Target, Body: []byte(m.Request.Body)}
	for i, h := range m.Request.Headers {
		if len(h) != 2 {
			return nil, settings, fmt.Errorf("request.headers[%d]: expected a [name, value] pair", i)
		}
		r.Headers = append(r.Headers, sigverify.Header{Name: h[0], Value: h[1]})
	}
	if m.Request.BodyBase64 != nil {
		body, err := base64.StdEncoding.DecodeString(*m.Request.BodyBase64)
		if err != nil || strings.ContainsAny(*m.Request.BodyBase64, "\r\n") {
			return nil, settings, errors.New("request.body_base64: expected standard base64")
		}
		r.Body = body
	}
	return r, settings, nil
}

// verifyCommand answers one verify line; every error and panic becomes an errored answer.
func verifyCommand(line []byte) (answer any) {
	var m verifyMessage
	if err := json.Unmarshal(line, &m); err != nil {
		return errored{Seq: json.RawMessage("null"), Errored: true, Context: errorContext{Message: "verify: " + err.Error()}}
	}
	seq := m.Seq
	if len(seq) == 0 {
		seq = json.RawMessage("null")
	}
	verify, ok := verifiers[m.Scheme]
	if !ok {
		return skipped{Seq: seq, Skipped: true, Message: "scheme not verified: " + m.Scheme}
	}
	defer func() {
		if p := recover(); p != nil {
			answer = errored{Seq: seq, Errored: true,
				Context: errorContext{Message: fmt.Sprint("panic: ", p), Traceback: string(debug.Stack())}}
		}
	}()
	r, settings, err := received(&m)
	if err != nil {
		return errored{Seq: seq, Errored: true, Context: errorContext{Message: err.Error()}}
	}
	var rejection *sigverify.Rejection
	if err := verify(r, m.Credentials, settings); errors.As(err, &rejection) {
		return verdict{Seq: seq, Verdict: "invalid", Reason: rejection.Reason, Message: rejection.Message}
	} else if err != nil {
		return errored{Seq: seq, Errored: true, Context: errorContext{Message: err.Error()}}
	}
	return verdict{Seq: seq, Verdict: "valid"}
}
