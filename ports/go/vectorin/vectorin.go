// Package vectorin reads a vector's input JSON for the scheme packages: required fields,
// typed errors naming the field, [name, value] header pairs, a body given as text or base64.
package vectorin

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Decode checks that every required field is present, then decodes raw into dst.
func Decode(raw json.RawMessage, dst any, required ...string) error {
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

// HeaderPairs maps the input's [[name, value], ...] (field names it in errors).
func HeaderPairs[H ~struct{ Name, Value string }](field string, pairs [][]string) ([]H, error) {
	headers := make([]H, 0, len(pairs))
	for i, h := range pairs {
		if len(h) != 2 {
			return nil, fmt.Errorf("input.%s[%d]: expected a [name, value] pair", field, i)
		}
		headers = append(headers, H(struct{ Name, Value string }{h[0], h[1]}))
	}
	return headers, nil
}

// Body is body_base64 decoded (strict standard base64) when given, else body's UTF-8.
func Body(body string, bodyBase64 *string) ([]byte, error) {
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
