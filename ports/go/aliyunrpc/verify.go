package aliyunrpc

// The verifying side: accept a received RPC call signed with signature 1.0, or reject it with
// one reason code. Parameters come from the query (GET) and a form-encoded body (POST), read
// with form decoding ('+' is a space), as Alibaba Cloud's gateway reads them. A SignatureNonce
// is accepted once.

import (
	"encoding/base64"
	"strings"

	"sigvec.dev/port/sigenc"
	"sigvec.dev/port/sigverify"
)

// The only signature method and version of RPC signature 1.0.
const (
	SignatureMethod  = "HMAC-SHA1"
	SignatureVersion = "1.0"
)

// TimestampLayout is the Timestamp parameter's layout (UTC, ISO 8601), as a time.Parse layout.
const TimestampLayout = "2006-01-02T15:04:05Z"

// RequiredParameters must all be present (besides Signature).
var RequiredParameters = []string{"AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp"}

// FormContentType marks a body whose parameters count too.
const FormContentType = "application/x-www-form-urlencoded"

// ReceivedParameters is the query parameters, then those of a form-encoded body.
func ReceivedParameters(r *sigverify.Request) []sigverify.Pair {
	pairs := sigverify.QueryPairs(r.Query(), true)
	contentType, _ := r.Header("content-type")
	if strings.HasPrefix(sigenc.ASCIILower(contentType), FormContentType) && len(r.Body) > 0 {
		pairs = append(pairs, sigverify.QueryPairs(string(r.Body), true)...)
	}
	return pairs
}

// Verify accepts r (nil) or rejects it with a *sigverify.Rejection, checking in this order: no
// parameter repeated, Signature present, the required parameters present, SignatureMethod and
// SignatureVersion, a non-empty signature and nonce, AccessKeyId known, Timestamp within the
// window, signature, SignatureNonce not seen before.
func Verify(r *sigverify.Request, credentials map[string]string, s sigverify.Settings) error {
	params := map[string]string{}
	for _, p := range ReceivedParameters(r) {
		if _, repeated := params[p.Name]; repeated {
			return sigverify.Reject(sigverify.MalformedAuth, "parameter %q is sent twice", p.Name)
		}
		params[p.Name] = p.Value
	}
	signature, ok := params["Signature"]
	if !ok {
		return sigverify.Reject(sigverify.MissingAuth, "no Signature parameter")
	}
	delete(params, "Signature")
	for _, name := range RequiredParameters {
		if _, ok := params[name]; !ok {
			return sigverify.Reject(sigverify.MalformedAuth, "no %s parameter", name)
		}
	}
	if params["SignatureMethod"] != SignatureMethod {
		return sigverify.Reject(sigverify.UnsupportedAlgorithm, "SignatureMethod %q", params["SignatureMethod"])
	}
	if params["SignatureVersion"] != SignatureVersion {
		return sigverify.Reject(sigverify.UnsupportedAlgorithm, "SignatureVersion %q", params["SignatureVersion"])
	}
	if signature == "" {
		return sigverify.Reject(sigverify.MalformedAuth, "the signature is empty")
	}
	if params["SignatureNonce"] == "" {
		return sigverify.Reject(sigverify.MalformedAuth, "the SignatureNonce is empty")
	}
	secret, err := sigverify.LookupSecret(credentials, params["AccessKeyId"], "AccessKeyId")
	if err != nil {
		return err
	}
	timestamp, ok := sigverify.ParseUTC(params["Timestamp"], TimestampLayout)
	if !ok {
		return sigverify.Reject(sigverify.MalformedAuth, "Timestamp %q is not YYYY-MM-DDThh:mm:ssZ", params["Timestamp"])
	}
	if err := sigverify.CheckWindow(timestamp, s.Now, s.AliyunSkewSeconds, "Timestamp"); err != nil {
		return err
	}
	stringToSign := StringToSign(r.Method, CanonicalizedQueryString(params))
	expected := base64.StdEncoding.EncodeToString(HMACSHA1(secret, stringToSign))
	if !sigverify.SameSignature(expected, signature) {
		return sigverify.Reject(sigverify.SignatureMismatch, "the signature differs from the server's")
	}
	if s.SeenNonces[params["SignatureNonce"]] {
		return sigverify.Reject(sigverify.Replay, "SignatureNonce %q was used before", params["SignatureNonce"])
	}
	return nil
}
