package iflytek

// The verifying side: accept a received request carrying the app signature in the headers
// X-App-Key, X-Timestamp, X-App-Signature or in the query appid, ts, signa (form decoding: '+'
// is a space, so a signature sent without URL-encoding fails, as on a servlet or PHP server),
// or reject it with one reason code. Method, path, other query parameters and body are not
// signed.

import (
	"encoding/base64"
	"strconv"

	"sigvec.dev/port/sigverify"
)

// HeaderNames and QueryNames carry the app id, the timestamp and the signature.
var (
	HeaderNames = []string{"X-App-Key", "X-Timestamp", "X-App-Signature"}
	QueryNames  = []string{"appid", "ts", "signa"}
)

// MaxTimestampDigits bounds the timestamp: UNIX seconds, never more than 15 digits.
const MaxTimestampDigits = 15

// ReceivedAuth is the app id, timestamp and signature: from the headers when any of them is
// sent, else from the query.
func ReceivedAuth(r *sigverify.Request) (appID, ts, signature string, err error) {
	names, values := HeaderNames, make([][]string, 3)
	headerForm := false
	for i, name := range HeaderNames {
		values[i] = r.HeaderValues(name)
		headerForm = headerForm || len(values[i]) > 0
	}
	if !headerForm {
		names = QueryNames
		pairs := sigverify.QueryPairs(r.Query(), true)
		for i, name := range QueryNames {
			values[i] = sigverify.Values(pairs, name)
		}
		if len(values[0])+len(values[1])+len(values[2]) == 0 {
			return "", "", "", sigverify.Reject(sigverify.MissingAuth, "no X-App-Key/X-App-Signature/X-Timestamp, no signa")
		}
	}
	found := make([]string, 3)
	for i := range values {
		if _, _, err := sigverify.Single(values[i], names[i]); err != nil {
			return "", "", "", err
		}
	}
	for i := range values {
		if len(values[i]) == 0 {
			return "", "", "", sigverify.Reject(sigverify.MalformedAuth, "no %s", names[i])
		}
		found[i] = values[i][0]
	}
	return found[0], found[1], found[2], nil
}

// Verify accepts r (nil) or rejects it with a *sigverify.Rejection, checking in this order: the
// three values present once each, a non-empty signature, app id known, the timestamp (UNIX
// seconds) within the window, signature.
func Verify(r *sigverify.Request, credentials map[string]string, s sigverify.Settings) error {
	appID, ts, signature, err := ReceivedAuth(r)
	if err != nil {
		return err
	}
	if signature == "" {
		return sigverify.Reject(sigverify.MalformedAuth, "the signature is empty")
	}
	secret, err := sigverify.LookupSecret(credentials, appID, "app id")
	if err != nil {
		return err
	}
	if !sigverify.IsDigits(ts) || len(ts) > MaxTimestampDigits {
		return sigverify.Reject(sigverify.MalformedAuth, "timestamp %q: expected UNIX seconds", ts)
	}
	seconds, _ := strconv.ParseInt(ts, 10, 64)
	if err := sigverify.CheckWindow(float64(seconds), s.Now, s.IflytekSkewSeconds, "the timestamp"); err != nil {
		return err
	}
	expected := base64.StdEncoding.EncodeToString(HMACSHA1(secret, MD5Hex(BaseString(appID, ts))))
	if !sigverify.SameSignature(expected, signature) {
		return sigverify.Reject(sigverify.SignatureMismatch, "the signature differs from the server's")
	}
	return nil
}
