package tc3

// The verifying side: accept a received request signed with TC3-HMAC-SHA256, or reject it with
// one reason code. The canonical URI is always "/"; the canonical query is the raw query as
// sent; signed header values are lower-cased and trimmed.

import (
	"sort"
	"strconv"
	"strings"

	"sigvec.dev/port/sigenc"
	"sigvec.dev/port/sigverify"
)

// MaxTimestampDigits bounds X-TC-Timestamp: UNIX seconds, never more than 15 digits.
const MaxTimestampDigits = 15

// ReceivedSignedHeaders is the signed names of the Authorization header: lower-case,
// distinct, sorted.
func ReceivedSignedHeaders(signedHeaders string) []string {
	seen := map[string]bool{}
	var names []string
	for _, name := range strings.Split(signedHeaders, ";") {
		if name = sigenc.ASCIILower(name); name != "" && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// ReceivedHeaderValues maps each signed name to its sent values joined with ','.
func ReceivedHeaderValues(r *sigverify.Request, names []string) map[string]string {
	values := map[string]string{}
	for _, name := range names {
		values[name] = strings.Join(r.HeaderValues(name), ",")
	}
	return values
}

// Verify accepts r (nil) or rejects it with a *sigverify.Rejection, checking in this order:
// Authorization present and readable, algorithm, scope shape and terminator, SecretId known,
// X-TC-Timestamp, scope date = its UTC date and service = the server's, time window,
// content-type and host signed, signature.
func Verify(r *sigverify.Request, credentials map[string]string, s sigverify.Settings) error {
	value, ok, err := sigverify.Single(r.HeaderValues("authorization"), "the Authorization header")
	if err != nil {
		return err
	}
	if !ok {
		return sigverify.Reject(sigverify.MissingAuth, "no Authorization header")
	}
	parts, err := sigverify.ParseAuthorization(value, Algorithm)
	if err != nil {
		return err
	}
	scope := strings.Split(parts.Credential, "/")
	if len(scope) != 4 || scope[0] == "" || scope[1] == "" || scope[2] == "" {
		return sigverify.Reject(sigverify.MalformedAuth, "Credential is not SECRETID/YYYY-MM-DD/SERVICE/tc3_request")
	}
	secretID, date, service := scope[0], scope[1], scope[2]
	if scope[3] != "tc3_request" {
		return sigverify.Reject(sigverify.ScopeMismatch, "credential scope ends in %q", scope[3])
	}
	secret, err := sigverify.LookupSecret(credentials, secretID, "SecretId")
	if err != nil {
		return err
	}
	stamp, _, err := sigverify.Single(r.HeaderValues("x-tc-timestamp"), "the X-TC-Timestamp header")
	if err != nil {
		return err
	}
	if !sigverify.IsDigits(stamp) || len(stamp) > MaxTimestampDigits {
		return sigverify.Reject(sigverify.MalformedAuth, "X-TC-Timestamp %q: expected UNIX seconds", stamp)
	}
	timestamp, _ := strconv.ParseInt(stamp, 10, 64)
	if date != UTCDate(timestamp) {
		return sigverify.Reject(sigverify.ScopeMismatch, "scope date %s is not the UTC date of X-TC-Timestamp (%s)", date, UTCDate(timestamp))
	}
	if s.Service != "" && service != s.Service {
		return sigverify.Reject(sigverify.ScopeMismatch, "scope service %q, the server is %q", service, s.Service)
	}
	if err := sigverify.CheckWindow(float64(timestamp), s.Now, s.TC3SkewSeconds, "X-TC-Timestamp"); err != nil {
		return err
	}
	names := ReceivedSignedHeaders(parts.SignedHeaders)
	for _, required := range DefaultSignedHeaders {
		if i := sort.SearchStrings(names, required); i == len(names) || names[i] != required {
			return sigverify.Reject(sigverify.UnsignedHeader, "%s is not among the signed headers", required)
		}
	}
	canonicalRequest := CanonicalRequest(r.Method, r.Query(),
		CanonicalHeaders(names, ReceivedHeaderValues(r, names)), SignedHeaders(names),
		HashedRequestPayload(string(r.Body)))
	// The timestamp as sent (not re-formatted) is what the client signed.
	stringToSign := Algorithm + "\n" + stamp + "\n" + CredentialScope(date, service) + "\n" +
		HashedCanonicalRequest(canonicalRequest)
	_, _, secretSigning := SigningKeys(secret, date, service)
	if !sigverify.SameSignature(Signature(secretSigning, stringToSign), parts.Signature) {
		return sigverify.Reject(sigverify.SignatureMismatch, "the signature differs from the server's")
	}
	return nil
}
