// Command sigvec-port-go speaks the sigvec line protocol (runner/PROTOCOL.md) on stdin/stdout:
// one JSON object per line in, one per line out, UTF-8, flushed after every answer.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
)

const protocolVersion = 1

type request struct {
	Cmd     string          `json:"cmd"`
	Version int             `json:"version"`
	Seq     json.RawMessage `json:"seq"`
	Scheme  string          `json:"scheme"`
	Input   json.RawMessage `json:"input"`
}

type result struct {
	Seq           json.RawMessage `json:"seq"`
	Intermediates steps           `json:"intermediates"`
	Output        any             `json:"output"`
}

type skipped struct {
	Seq     json.RawMessage `json:"seq"`
	Skipped bool            `json:"skipped"`
	Message string          `json:"message"`
}

type errored struct {
	Seq     json.RawMessage `json:"seq"`
	Errored bool            `json:"errored"`
	Context errorContext    `json:"context"`
}

type errorContext struct {
	Message   string `json:"message"`
	Traceback string `json:"traceback,omitempty"`
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20) // no line-length limit, unlike bufio.Scanner
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out) // encoding/json writes UTF-8; one object plus '\n' per Encode
	enc.SetEscapeHTML(false)
	answer := func(v any) {
		if err := enc.Encode(v); err != nil {
			fmt.Fprintln(os.Stderr, "sigvec-port-go: cannot encode answer:", err)
		}
		if err := out.Flush(); err != nil {
			fmt.Fprintln(os.Stderr, "sigvec-port-go: stdout:", err)
			os.Exit(1)
		}
	}
	for {
		line, readErr := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var req request
			if err := json.Unmarshal(line, &req); err != nil {
				answer(errored{Seq: json.RawMessage("null"), Errored: true,
					Context: errorContext{Message: "request is not a JSON object: " + err.Error()}})
			} else {
				switch req.Cmd {
				case "start":
					answer(start(req))
				case "run":
					answer(run(req))
				case "verify":
					answer(verifyCommand(line))
				case "stop":
					os.Exit(0)
				default:
					fmt.Fprintf(os.Stderr, "sigvec-port-go: unknown cmd %q ignored\n", req.Cmd)
				}
			}
		}
		if readErr == io.EOF {
			os.Exit(0)
		} else if readErr != nil {
			fmt.Fprintln(os.Stderr, "sigvec-port-go: stdin:", readErr)
			os.Exit(1)
		}
	}
}

func start(req request) any {
	if req.Version != protocolVersion {
		return map[string]any{"ready": false, "version": protocolVersion}
	}
	supported := map[string][]string{}
	for name, s := range schemes {
		supported[name] = s.steps
	}
	return map[string]any{
		"ready":    true,
		"version":  protocolVersion,
		"pipeline": 64,
		"implementation": map[string]any{
			"name":     "sigvec-go",
			"language": "go",
			"version":  runtime.Version(),
			"schemes":  supported,
			"verify":   verifyingSchemes(),
		},
	}
}

// run answers one vector; every error and panic becomes an errored answer.
func run(req request) (answer any) {
	seq := req.Seq
	if len(seq) == 0 {
		seq = json.RawMessage("null")
	}
	s, ok := schemes[req.Scheme]
	if !ok {
		return skipped{Seq: seq, Skipped: true, Message: "scheme not supported"}
	}
	defer func() {
		if p := recover(); p != nil {
			answer = errored{Seq: seq, Errored: true,
				Context: errorContext{Message: fmt.Sprint("panic: ", p), Traceback: string(debug.Stack())}}
		}
	}()
	values, output, err := s.run(req.Input)
	if err != nil {
		return errored{Seq: seq, Errored: true, Context: errorContext{Message: err.Error()}}
	}
	if len(values) != len(s.steps) {
		panic(fmt.Sprintf("%s: %d step values for %d steps", req.Scheme, len(values), len(s.steps)))
	}
	im := make(steps, 0, len(values))
	for i, v := range values {
		if v != nil { // a step this input does not have (e.g. a trailer's without a trailer)
			im = append(im, step{s.steps[i], v})
		}
	}
	return result{Seq: seq, Intermediates: im, Output: output}
}

// step is one intermediate: a string, or a list of strings (one per chunk).
type step struct {
	name  string
	value any
}

// steps marshals as a JSON object whose keys keep the spec's step order.
type steps []step

func (s steps) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for i, st := range s {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(st.name); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1) // drop the Encoder's '\n'
		buf.WriteByte(':')
		if err := enc.Encode(st.value); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}
