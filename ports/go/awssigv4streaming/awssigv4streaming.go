// Package awssigv4streaming computes AWS SigV4 streaming (aws-chunked) upload.
// TODO: one line on what is signed (placeholder: HMAC-SHA256 over key_id and message).
package awssigv4streaming

import (
	"encoding/hex"
	"encoding/json"
	"fmt"

	"sigvec.dev/port/sigenc"
)

// Scheme is the vectors' scheme id; Steps are its intermediates, in computation order.
const Scheme = "aws-sigv4-streaming"

var Steps = []string{"string_to_sign"}

// StringToSign is the key id and the message on two lines.
func StringToSign(keyID, message string) string { return keyID + "\n" + message }

// Run signs one vector input: the intermediates in the order of Steps, and the output.
func Run(raw json.RawMessage) ([]string, any, error) {
	var in struct {
		KeyID   *string `json:"key_id"`
		Secret  *string `json:"secret"`
		Message *string `json:"message"`
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, nil, fmt.Errorf("input: %w", err)
	}
	for name, value := range map[string]*string{"key_id": in.KeyID, "secret": in.Secret, "message": in.Message} {
		if value == nil {
			return nil, nil, fmt.Errorf("input.%s: required", name)
		}
	}
	toSign := StringToSign(*in.KeyID, *in.Message)
	signature := hex.EncodeToString(sigenc.HMACSHA256([]byte(*in.Secret), []byte(toSign)))
	return []string{toSign}, map[string]string{"signature": signature}, nil
}
