// Package awssigv4streaming computes AWS SigV4 streaming (aws-chunked) uploads to S3: a seed
// signature over the headers (a SigV4 signature whose payload hash is the literal
// STREAMING-AWS4-HMAC-SHA256-PAYLOAD), then one signature per chunk, each chained to the one
// before, the final empty chunk included; optionally a signed trailer (e.g. a checksum).
package awssigv4streaming

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"sigvec.dev/port/awssigv4"
	"sigvec.dev/port/sigenc"
	"sigvec.dev/port/vectorin"
)

// Scheme is the vectors' scheme id; Steps are its intermediates, in computation order. The
// last two exist only when a trailer is sent.
const Scheme = "aws-sigv4-streaming"

var Steps = []string{
	"canonical_uri", "canonical_query_string", "canonical_headers", "signed_headers",
	"hashed_payload", "canonical_request", "credential_scope", "hashed_canonical_request",
	"string_to_sign", "k_signing_hex", "chunk_strings_to_sign", "chunk_signatures",
	"trailer_string_to_sign", "trailer_signature",
}

const (
	// StreamingPayload stands for the payload hash in the seed's canonical request.
	StreamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
	// StreamingPayloadTrailer stands for it when a trailer follows the final chunk.
	StreamingPayloadTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
	// ChunkAlgorithm heads each chunk's string to sign.
	ChunkAlgorithm = "AWS4-HMAC-SHA256-PAYLOAD"
	// TrailerAlgorithm heads the trailer's string to sign.
	TrailerAlgorithm = "AWS4-HMAC-SHA256-TRAILER"
	// DefaultChunkSize is the payload bytes per chunk when none is given (64 KiB).
	DefaultChunkSize = 65536
	// DefaultService is S3, the service that takes chunked uploads.
	DefaultService = "s3"
)

// signatureHexLength is the length of every hex signature in the encoded body.
const signatureHexLength = 64

// emptySHA256 is the hex SHA-256 of no bytes, a fixed line of every chunk's string to sign.
var emptySHA256 = sigenc.SHA256Hex(nil)

// signerHeaders are set by the streaming signer; a caller who also sent them would sign a stale copy.
var signerHeaders = []string{
	"authorization", "content-encoding", "content-length", "x-amz-content-sha256", "x-amz-date",
	"x-amz-decoded-content-length", "x-amz-trailer", "x-amz-security-token",
}

// Chunks splits the payload into chunkSize pieces (the last may be shorter) followed by the
// final empty chunk. An empty payload is the final chunk alone.
func Chunks(payload []byte, chunkSize int) [][]byte {
	var chunks [][]byte
	for start := 0; start < len(payload); start += chunkSize {
		end := start + chunkSize
		if end > len(payload) {
			end = len(payload)
		}
		chunks = append(chunks, payload[start:end])
	}
	return append(chunks, []byte{})
}

// ChunkStringToSign chains one chunk to the signature before it (the seed's for chunk 0).
func ChunkStringToSign(timestamp, credentialScope, previousSignature string, chunk []byte) string {
	return ChunkAlgorithm + "\n" + timestamp + "\n" + credentialScope + "\n" + previousSignature +
		"\n" + emptySHA256 + "\n" + sigenc.SHA256Hex(chunk)
}

// ChunkHeader is a chunk's header line without its CRLF: lower-case hex length (no leading
// zeros, "0" for the final chunk) and the chunk's signature.
func ChunkHeader(size int, signature string) string {
	return strconv.FormatInt(int64(size), 16) + ";chunk-signature=" + signature
}

// CanonicalTrailer is each trailing header as "lower(name):trimmed value\n", in the given order.
func CanonicalTrailer(trailer []awssigv4.Header) string {
	var b strings.Builder
	for _, h := range trailer {
		b.WriteString(sigenc.ASCIILower(h.Name) + ":" + sigenc.ASCIITrim(h.Value) + "\n")
	}
	return b.String()
}

// TrailerStringToSign chains the canonical trailer to the final chunk's signature.
func TrailerStringToSign(timestamp, credentialScope, finalChunkSignature, canonicalTrailer string) string {
	return TrailerAlgorithm + "\n" + timestamp + "\n" + credentialScope + "\n" + finalChunkSignature +
		"\n" + sigenc.SHA256Hex([]byte(canonicalTrailer))
}

// trailerLines is the trailer as sent after the final chunk's header line, signature
// included, without the closing empty line.
func trailerLines(trailer []awssigv4.Header, signature string) string {
	var b strings.Builder
	for _, h := range trailer {
		b.WriteString(h.Name + ":" + h.Value + "\r\n")
	}
	b.WriteString("x-amz-trailer-signature:" + signature + "\r\n")
	return b.String()
}

// EncodedLength is the Content-Length of the aws-chunked body, known before any signature
// (every signature is 64 hex digits).
func EncodedLength(payloadLength, chunkSize int, trailer []awssigv4.Header) int {
	placeholder := strings.Repeat("0", signatureHexLength)
	total := 0
	for start := 0; start < payloadLength; start += chunkSize {
		size := chunkSize
		if payloadLength-start < size {
			size = payloadLength - start
		}
		total += len(ChunkHeader(size, placeholder)) + 2 + size + 2
	}
	total += len(ChunkHeader(0, placeholder)) + 2 + 2
	if trailer != nil {
		total += len(trailerLines(trailer, placeholder))
	}
	return total
}

// TrailerNames is the X-Amz-Trailer value: the trailing header names, lower-cased, joined by ",".
func TrailerNames(trailer []awssigv4.Header) string {
	names := make([]string, len(trailer))
	for i, h := range trailer {
		names[i] = sigenc.ASCIILower(h.Name)
	}
	return strings.Join(names, ",")
}

// Request is a chunked upload to sign.
type Request struct {
	Method  string            // PUT or POST
	Path    string            // exactly as on the wire (S3: neither normalised nor encoded again)
	Query   string            // raw query string as sent, without '?'
	Headers []awssigv4.Header // in sent order, Host included; never the headers the signer sets
	Payload []byte            // the decoded object bytes
	Trailer []awssigv4.Header // trailing headers; nil for none (the non-trailer variant)

	ChunkSize         int  // payload bytes per chunk; 0 means DefaultChunkSize
	SignContentLength bool // Content-Length among the signed headers (it is always sent)

	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string // temporary credentials; "" for none
	Region          string
	Service         string // "" means DefaultService
	Timestamp       string // YYYYMMDDTHHMMSSZ, UTC
}

// Signed holds every intermediate, in spec order, and the outputs.
type Signed struct {
	Seed                *awssigv4.Signed // the seed signature's steps (canonical request … signature)
	ChunkStringsToSign  []string
	ChunkSignatures     []string
	TrailerStringToSign string // "" without a trailer
	TrailerSignature    string // "" without a trailer

	Headers           map[string]string // headers to add to the request
	ChunkHeaders      []string          // each chunk's header line, without CRLF
	EncodedBody       []byte            // the aws-chunked body to send
	EncodedBodySHA256 string
}

// Sign signs the seed, every chunk and the trailer, and builds the encoded body.
func Sign(r Request) (*Signed, error) {
	for _, h := range r.Headers {
		name := sigenc.ASCIILower(sigenc.ASCIITrim(h.Name))
		for _, own := range signerHeaders {
			if name == own {
				return nil, &sigenc.InputError{Field: "headers", Message: strconv.Quote(h.Name) + " is set by the signer; leave it out of headers"}
			}
		}
	}
	if r.Method != "PUT" && r.Method != "POST" {
		return nil, &sigenc.InputError{Field: "method", Message: strconv.Quote(r.Method) + " is neither PUT nor POST (chunked uploads)"}
	}
	chunkSize := r.ChunkSize
	if chunkSize == 0 {
		chunkSize = DefaultChunkSize
	}
	if chunkSize < 1 {
		return nil, &sigenc.InputError{Field: "chunk_size", Message: strconv.Itoa(chunkSize) + " is not a positive number of bytes"}
	}
	service := r.Service
	if service == "" {
		service = DefaultService
	}
	hasTrailer := r.Trailer != nil
	contentSHA256 := StreamingPayload
	if hasTrailer {
		contentSHA256 = StreamingPayloadTrailer
	}
	contentLength := strconv.Itoa(EncodedLength(len(r.Payload), chunkSize, r.Trailer))
	signed := []awssigv4.Header{
		{Name: "Content-Encoding", Value: "aws-chunked"},
		{Name: "X-Amz-Decoded-Content-Length", Value: strconv.Itoa(len(r.Payload))},
	}
	if hasTrailer {
		signed = append(signed, awssigv4.Header{Name: "X-Amz-Trailer", Value: TrailerNames(r.Trailer)})
	}
	if r.SignContentLength {
		signed = append(signed, awssigv4.Header{Name: "Content-Length", Value: contentLength})
	}
	seed, err := awssigv4.Sign(awssigv4.Request{
		Method: r.Method, Path: r.Path, Query: r.Query, Headers: append(append([]awssigv4.Header(nil), r.Headers...), signed...),
		AccessKeyID: r.AccessKeyID, SecretAccessKey: r.SecretAccessKey, SessionToken: r.SessionToken,
		Region: r.Region, Service: service, Timestamp: r.Timestamp,
		KeepDotSegments: true, KeepPathEscapes: true, SignBody: true, PayloadHash: contentSHA256,
	})
	if err != nil {
		return nil, err
	}
	s := &Signed{Seed: seed, Headers: map[string]string{}}
	for name, value := range seed.Headers {
		s.Headers[name] = value
	}
	for _, h := range signed {
		s.Headers[h.Name] = h.Value
	}
	s.Headers["Content-Length"] = contentLength

	var body strings.Builder
	body.Grow(EncodedLength(len(r.Payload), chunkSize, r.Trailer))
	previous := seed.Signature
	for _, chunk := range Chunks(r.Payload, chunkSize) {
		toSign := ChunkStringToSign(r.Timestamp, seed.CredentialScope, previous, chunk)
		previous = awssigv4.Signature(seed.Keys[3], toSign)
		header := ChunkHeader(len(chunk), previous)
		s.ChunkStringsToSign = append(s.ChunkStringsToSign, toSign)
		s.ChunkSignatures = append(s.ChunkSignatures, previous)
		s.ChunkHeaders = append(s.ChunkHeaders, header)
		body.WriteString(header + "\r\n")
		if len(chunk) > 0 {
			body.Write(chunk)
			body.WriteString("\r\n")
		}
	}
	if hasTrailer {
		s.TrailerStringToSign = TrailerStringToSign(r.Timestamp, seed.CredentialScope, previous, CanonicalTrailer(r.Trailer))
		s.TrailerSignature = awssigv4.Signature(seed.Keys[3], s.TrailerStringToSign)
		body.WriteString(trailerLines(r.Trailer, s.TrailerSignature))
	}
	body.WriteString("\r\n")
	s.EncodedBody = []byte(body.String())
	s.EncodedBodySHA256 = sigenc.SHA256Hex(s.EncodedBody)
	return s, nil
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

// Run signs one vector input: the intermediates in the order of Steps (list-valued and absent
// ones included), and the output.
func Run(raw json.RawMessage) ([]any, any, error) {
	var in streamingInput
	if err := vectorin.Decode(raw, &in, "method", "path", "headers", "access_key_id",
		"secret_access_key", "region", "timestamp"); err != nil {
		return nil, nil, err
	}
	r := Request{
		Method: in.Method, Path: in.Path, Query: in.Query,
		ChunkSize: DefaultChunkSize, SignContentLength: true,
		AccessKeyID: in.AccessKeyID, SecretAccessKey: in.SecretAccessKey, SessionToken: in.SessionToken,
		Region: in.Region, Service: in.Service, Timestamp: in.Timestamp,
	}
	var err error
	if r.Headers, err = vectorin.HeaderPairs[awssigv4.Header]("headers", in.Headers); err != nil {
		return nil, nil, err
	}
	if r.Payload, err = vectorin.Body(in.Body, in.BodyBase64); err != nil {
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
		if r.Trailer, err = vectorin.HeaderPairs[awssigv4.Header]("trailer", *in.Trailer); err != nil {
			return nil, nil, err
		}
	}
	if in.SignContentLength != nil {
		r.SignContentLength = *in.SignContentLength
	}
	s, err := Sign(r)
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
