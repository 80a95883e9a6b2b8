package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/httpx"
)

// decodeBody runs decode on body with a limit of max bytes, as wrap does.
func decodeBody(body string, max int64, dst any) error {
	r := httptest.NewRequest("POST", "/", strings.NewReader(body))
	r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, max)
	return decode(r, dst)
}

func TestDecode(t *testing.T) {
	cases := []struct {
		name, body string
		code       desk.Code
		field      string
	}{
		{"UnknownFieldIsNamed", `{"subject":"x","colour":"red"}`, desk.CodeInvalid, "colour"},
		{"WrongTypeNamesNestedField", `{"requester":{"email":42}}`, desk.CodeInvalid, "requester.email"},
		{"BadUTF8IsMalformed", "{\"subject\":\"\xff\"}", httpx.CodeMalformed, ""},
		{"SyntaxErrorIsMalformed", `{"subject":`, httpx.CodeMalformed, ""},
		{"ArrayIsMalformed", `[1,2]`, httpx.CodeMalformed, ""},
		{"EmptyIsMalformed", ``, httpx.CodeMalformed, ""},
		{"TwoObjectsAreMalformed", `{} {}`, httpx.CodeMalformed, ""},
		{"OverLimitIsTooLarge", `{"subject":"` + strings.Repeat("a", 200) + `"}`, desk.CodeTooLarge, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var in createRequestInput
			err := decodeBody(c.body, 100, &in)
			e := desk.AsError(err)
			if e == nil || e.Code != c.code || e.Field != c.field {
				t.Fatalf("got %v, want code %s field %q", err, c.code, c.field)
			}
		})
	}
	t.Run("NullAgentUnassigns", func(t *testing.T) {
		var in updateRequestInput
		if err := decodeBody(`{"agent_id":null}`, 100, &in); err != nil || !in.AgentID.Set || in.AgentID.ID != 0 {
			t.Fatalf("got %+v, %v", in.AgentID, err)
		}
	})
	t.Run("AbsentAgentStays", func(t *testing.T) {
		var in updateRequestInput
		if err := decodeBody(`{"status":"open"}`, 100, &in); err != nil || in.AgentID.Set {
			t.Fatalf("got %+v, %v", in.AgentID, err)
		}
	})
	t.Run("BadAgentIDIsNamed", func(t *testing.T) {
		var in updateRequestInput
		e := desk.AsError(decodeBody(`{"agent_id":"bob"}`, 100, &in))
		if e == nil || e.Field != "agent_id" {
			t.Fatalf("got %v, want invalid agent_id", e)
		}
	})
}

func TestProblemFor(t *testing.T) {
	t.Run("InternalDetailIsHidden", func(t *testing.T) {
		p := problemFor(errString("pq: password authentication failed for user guichet"))
		if p.Status != 500 || p.Detail != "Internal error" || p.Code != desk.CodeInternal {
			t.Fatalf("got %+v", p)
		}
	})
	t.Run("CloseWithoutReplyIsConflict", func(t *testing.T) {
		p := problemFor(desk.CheckDone(&desk.Request{}, desk.StatusClosed))
		if p.Status != 409 || p.Code != desk.CodeCloseWithoutReply || p.Field != "status" {
			t.Fatalf("got %+v", p)
		}
	})
}

type errString string

func (e errString) Error() string { return string(e) }
