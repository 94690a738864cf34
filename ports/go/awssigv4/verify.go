package awssigv4

// The verifying side: accept a received request signed with AWS Signature Version 4 (the
// Authorization header or a presigned URL), or reject it with one reason code. Service rules
// come from the credential scope: for s3 the path is neither normalised nor encoded again and
// x-amz-content-sha256 is what is signed (a hash, UNSIGNED-PAYLOAD or a streaming value); a
// presigned s3 URL signs UNSIGNED-PAYLOAD.

import (
	"strconv"
	"strings"

	"sigvec.dev/port/sigenc"
	"sigvec.dev/port/sigverify"
)

// PresignParameters are the query parameters of a presigned URL; any one of them makes the
// request a presigned one.
var PresignParameters = []string{
	"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature",
}

// UnsignedStreamingPayload is the one streaming payload whose seed signature covers only the
// literal (the trailer carries the checksum): no chunk signature needs checking.
const UnsignedStreamingPayload = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"

// receivedAuth is what the request says about its signature.
type receivedAuth struct {
	parts     sigverify.AuthorizationParts
	date      string // presigned: the X-Amz-Date parameter
	expires   string // presigned: the X-Amz-Expires parameter
	presigned bool
}

// readAuth reads the Authorization header or the presigned X-Amz-* parameters.
func readAuth(r *sigverify.Request) (receivedAuth, error) {
	authorizations := r.HeaderValues("authorization")
	params := sigverify.QueryPairs(r.Query(), false)
	presigned := false
	for _, name := range PresignParameters {
		presigned = presigned || len(sigverify.Values(params, name)) > 0
	}
	if len(authorizations) == 0 && !presigned {
		return receivedAuth{}, sigverify.Reject(sigverify.MissingAuth, "no Authorization header and no X-Amz-Signature query")
	}
	if len(authorizations) > 0 && presigned {
		return receivedAuth{}, sigverify.Reject(sigverify.MalformedAuth, "both an Authorization header and X-Amz-* query auth")
	}
	if len(authorizations) > 0 {
		value, _, err := sigverify.Single(authorizations, "the Authorization header")
		if err != nil {
			return receivedAuth{}, err
		}
		parts, err := sigverify.ParseAuthorization(value, Algorithm)
		return receivedAuth{parts: parts}, err
	}
	found := map[string]string{}
	for _, name := range PresignParameters {
		value, ok, err := sigverify.Single(sigverify.Values(params, name), "query parameter "+name)
		if err != nil {
			return receivedAuth{}, err
		}
		if !ok {
			return receivedAuth{}, sigverify.Reject(sigverify.MalformedAuth, "presigned URL without %s", name)
		}
		found[name] = value
	}
	if found["X-Amz-Algorithm"] != Algorithm {
		return receivedAuth{}, sigverify.Reject(sigverify.UnsupportedAlgorithm, "X-Amz-Algorithm %q, expected %s", found["X-Amz-Algorithm"], Algorithm)
	}
	if found["X-Amz-Signature"] == "" {
		return receivedAuth{}, sigverify.Reject(sigverify.MalformedAuth, "the signature is empty")
	}
	parts := sigverify.AuthorizationParts{Credential: found["X-Amz-Credential"],
		SignedHeaders: found["X-Amz-SignedHeaders"], Signature: found["X-Amz-Signature"]}
	return receivedAuth{parts, found["X-Amz-Date"], found["X-Amz-Expires"], true}, nil
}

// QueryWithoutSignature is the raw query minus its X-Amz-Signature piece(s): what a presigned
// URL signed.
func QueryWithoutSignature(query string) string {
	var kept []string
	for _, piece := range strings.Split(query, "&") {
		if piece != "" && sigverify.QueryPairs(piece, false)[0].Name != "X-Amz-Signature" {
			kept = append(kept, piece)
		}
	}
	return strings.Join(kept, "&")
}

// ReceivedPayloadHash is the payload hash the request signed: x-amz-content-sha256 as sent,
// else UNSIGNED-PAYLOAD for a presigned s3 URL, else the SHA-256 of the body.
func ReceivedPayloadHash(r *sigverify.Request, presigned, s3 bool) string {
	if value, ok := r.Header("x-amz-content-sha256"); ok {
		return value
	}
	if presigned && s3 {
		return UnsignedPayload
	}
	return HashedPayload(r.Body)
}

// SignedHeaderLines gives every sent value of each signed name, for CanonicalHeaders.
func SignedHeaderLines(r *sigverify.Request, signedNames []string) []Header {
	var headers []Header
	for _, name := range signedNames {
		for _, value := range r.HeaderValues(name) {
			headers = append(headers, Header{name, value})
		}
	}
	return headers
}

// Verify accepts r (nil) or rejects it with a *sigverify.Rejection, checking in this order:
// auth present and readable, algorithm, credential scope shape and terminator, key known,
// X-Amz-Date (and X-Amz-Expires), scope date/region/service, time window (or expiry), host and
// every x-amz-* header signed, signature, x-amz-content-sha256 = SHA-256 of the body.
func Verify(r *sigverify.Request, credentials map[string]string, s sigverify.Settings) error {
	auth, err := readAuth(r)
	if err != nil {
		return err
	}
	scope := strings.Split(auth.parts.Credential, "/")
	if len(scope) != 5 || scope[0] == "" || scope[1] == "" || scope[2] == "" || scope[3] == "" {
		return sigverify.Reject(sigverify.MalformedAuth, "Credential is not KEY/YYYYMMDD/REGION/SERVICE/aws4_request")
	}
	keyID, scopeDate, region, service := scope[0], scope[1], scope[2], scope[3]
	if scope[4] != "aws4_request" {
		return sigverify.Reject(sigverify.ScopeMismatch, "credential scope ends in %q", scope[4])
	}
	secret, err := sigverify.LookupSecret(credentials, keyID, "access key")
	if err != nil {
		return err
	}

	stamp := auth.date
	if !auth.presigned {
		value, ok, err := sigverify.Single(r.HeaderValues("x-amz-date"), "the X-Amz-Date header")
		if err != nil {
			return err
		}
		if !ok {
			return sigverify.Reject(sigverify.MalformedAuth, "no X-Amz-Date header")
		}
		stamp = value
	}
	requestTime, ok := sigverify.ParseUTC(stamp, TimeFormat)
	if !ok {
		return sigverify.Reject(sigverify.MalformedAuth, "X-Amz-Date %q is not YYYYMMDDTHHMMSSZ", stamp)
	}
	expires := 0
	if auth.presigned {
		n, err := strconv.Atoi(auth.expires)
		if !sigverify.IsDigits(auth.expires) || err != nil || n < 1 || n > s.AWSMaxExpiresSeconds {
			return sigverify.Reject(sigverify.MalformedAuth, "X-Amz-Expires %q: expected 1 to %d", auth.expires, s.AWSMaxExpiresSeconds)
		}
		expires = n
	}

	if len(stamp) < 8 || scopeDate != stamp[:8] {
		return sigverify.Reject(sigverify.ScopeMismatch, "scope date %s is not X-Amz-Date's date", scopeDate)
	}
	if s.Region != "" && region != s.Region {
		return sigverify.Reject(sigverify.ScopeMismatch, "scope region %q, the server is %q", region, s.Region)
	}
	if s.Service != "" && service != s.Service {
		return sigverify.Reject(sigverify.ScopeMismatch, "scope service %q, the server is %q", service, s.Service)
	}

	if !auth.presigned || requestTime-s.Now > s.AWSSkewSeconds {
		if err := sigverify.CheckWindow(requestTime, s.Now, s.AWSSkewSeconds, "X-Amz-Date"); err != nil {
			return err
		}
	}
	if auth.presigned && s.Now > requestTime+float64(expires) {
		return sigverify.Reject(sigverify.Expired, "presigned URL expired %.0f s ago (X-Amz-Expires %d)", s.Now-requestTime-float64(expires), expires)
	}

	signed := map[string]bool{}
	var signedNames []string
	for _, name := range strings.Split(auth.parts.SignedHeaders, ";") {
		if name = sigenc.ASCIILower(name); name != "" && !signed[name] {
			signed[name] = true
			signedNames = append(signedNames, name)
		}
	}
	if !signed["host"] {
		return sigverify.Reject(sigverify.UnsignedHeader, "host is not among the signed headers")
	}
	for _, name := range r.HeaderNames() {
		if strings.HasPrefix(name, "x-amz-") && !signed[name] {
			return sigverify.Reject(sigverify.UnsignedHeader, "%s is sent but not signed", name)
		}
	}

	s3 := service == "s3"
	payloadHash := ReceivedPayloadHash(r, auth.presigned, s3)
	if strings.HasPrefix(payloadHash, "STREAMING-") && payloadHash != UnsignedStreamingPayload {
		return sigverify.Reject(sigverify.UnsupportedAlgorithm, "streaming payload %q: chunk signatures are not verified", payloadHash)
	}

	canonicalHeaders, signedHeaders := CanonicalHeaders(SignedHeaderLines(r, signedNames))
	query := r.Query()
	if auth.presigned {
		query = QueryWithoutSignature(query)
	}
	canonicalRequest := CanonicalRequest(r.Method, CanonicalURI(r.Path(), !s3, !s3),
		CanonicalQueryString(query, nil), canonicalHeaders, signedHeaders, payloadHash)
	stringToSign := StringToSign(stamp, CredentialScope(scopeDate, region, service), HashedCanonicalRequest(canonicalRequest))
	expected := Signature(SigningKey(secret, scopeDate, region, service), stringToSign)
	if !sigverify.SameSignature(expected, auth.parts.Signature) {
		return sigverify.Reject(sigverify.SignatureMismatch, "the signature differs from the server's")
	}

	contentHash, sent := r.Header("x-amz-content-sha256")
	literal := payloadHash == UnsignedPayload || payloadHash == UnsignedStreamingPayload
	if sent && !literal && contentHash != HashedPayload(r.Body) {
		return sigverify.Reject(sigverify.PayloadHashMismatch, "x-amz-content-sha256 is not the SHA-256 of the body")
	}
	return nil
}
