package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"guichet/internal/desk"
)

// bulkLoadPG is BulkLoad on PostgreSQL: request numbers are reserved from the
// identity sequence, then requests, messages, events and search rows are sent
// with COPY (text format, so PostgreSQL's own input functions parse tsvector,
// jsonb and timestamps), all in one transaction on one connection.
func (s *Store) bulkLoadPG(ctx context.Context, reqs []BulkRequest, docs []searchDoc) error {
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("bulk load: not a pgx connection (%T)", dc)
		}
		pc := sc.Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx) // no-op after commit
		if err := copyBatch(ctx, tx, reqs, docs); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
}

func copyBatch(ctx context.Context, tx pgx.Tx, reqs []BulkRequest, docs []searchDoc) error {
	numbers, err := reserveNumbers(ctx, tx, len(reqs))
	if err != nil {
		return err
	}
	orgs, err := requesterOrgs(ctx, tx, reqs)
	if err != nil {
		return err
	}
	var rq, msg, ev, srch copyText
	for i := range reqs {
		r, n := &reqs[i], numbers[i]
		rq.requestRow(n, r, orgs[r.RequesterID])
		msg.messageRows(n, r)
		ev.eventRows(n, r)
		all := append(append([]string{}, docs[i].pub...), docs[i].priv...)
		srch.row(n, tsvector(docs[i].pub), tsvector(all))
	}
	for _, c := range []struct {
		sql  string
		data *copyText
	}{
		{`COPY requests (number, subject, status, priority, channel, department_id, requester_id, organisation_id,
			agent_id, public_replies, created_at, updated_at, solved_at) FROM STDIN`, &rq},
		{`COPY messages (number, kind, visibility, author_id, body, created_at) FROM STDIN`, &msg},
		{`COPY events (number, actor_id, type, data, public, created_at) FROM STDIN`, &ev},
		{`COPY request_search (number, tsv_public, tsv_all) FROM STDIN`, &srch},
	} {
		if _, err := tx.Conn().PgConn().CopyFrom(ctx, &c.data.b, c.sql); err != nil {
			return fmt.Errorf("copy: %w", err)
		}
	}
	return nil
}

// reserveNumbers takes n request numbers from the identity sequence, so rows
// copied with them never collide with numbers handed out concurrently.
func reserveNumbers(ctx context.Context, tx pgx.Tx, n int) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('requests', 'number')) FROM generate_series(1, $1)`, n)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

func requesterOrgs(ctx context.Context, tx pgx.Tx, reqs []BulkRequest) (map[int64]*int64, error) {
	ids := make([]int64, 0, len(reqs))
	for _, r := range reqs {
		ids = append(ids, r.RequesterID)
	}
	rows, err := tx.Query(ctx, `SELECT id, organisation_id FROM people WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]*int64{}
	for rows.Next() {
		var id int64
		var org sql.NullInt64
		if err := rows.Scan(&id, &org); err != nil {
			return nil, err
		}
		if org.Valid {
			out[id] = &org.Int64
		}
	}
	return out, rows.Err()
}

// copyText accumulates rows in PostgreSQL's COPY text format.
type copyText struct{ b bytes.Buffer }

func (c *copyText) row(fields ...any) {
	for i, f := range fields {
		if i > 0 {
			c.b.WriteByte('\t')
		}
		c.field(f)
	}
	c.b.WriteByte('\n')
}

func (c *copyText) field(f any) {
	switch v := f.(type) {
	case nil:
		c.b.WriteString(`\N`)
	case *int64:
		if v == nil {
			c.b.WriteString(`\N`)
		} else {
			c.b.WriteString(strconv.FormatInt(*v, 10))
		}
	case int64:
		c.b.WriteString(strconv.FormatInt(v, 10))
	case int:
		c.b.WriteString(strconv.Itoa(v))
	case bool:
		c.b.WriteString(strconv.FormatBool(v))
	case time.Time:
		c.b.WriteString(v.UTC().Format("2006-01-02 15:04:05.999999Z07:00"))
	case string:
		copyEscaper.WriteString(&c.b, v)
	default:
		copyEscaper.WriteString(&c.b, fmt.Sprint(v))
	}
}

var copyEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

func optID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func (c *copyText) requestRow(n int64, r *BulkRequest, org *int64) {
	replies := 0
	for _, m := range r.Messages {
		if m.Kind == desk.KindReply {
			replies++
		}
	}
	var solved any
	if r.Status.Done() {
		solved = r.UpdatedAt
	}
	c.row(n, r.Subject, string(r.Status), string(r.Priority), "api", r.DepartmentID, r.RequesterID, org,
		optID(r.AgentID), replies, r.CreatedAt, r.UpdatedAt, solved)
}

func (c *copyText) messageRows(n int64, r *BulkRequest) {
	for _, m := range r.Messages {
		vis := desk.Public
		if m.Kind == desk.KindNote {
			vis = desk.Internal
		}
		c.row(n, string(m.Kind), string(vis), optID(m.AuthorID), m.Body, m.CreatedAt)
	}
}

func (c *copyText) eventRows(n int64, r *BulkRequest) {
	created, _ := json.Marshal(map[string]any{"channel": "api", "department_id": r.DepartmentID})
	c.row(n, r.RequesterID, desk.EventCreated, string(created), true, r.CreatedAt)
	for _, m := range r.Messages[min(1, len(r.Messages)):] {
		data, _ := json.Marshal(map[string]any{"kind": string(m.Kind)})
		c.row(n, optID(m.AuthorID), desk.EventMessageAdded, string(data), m.Kind != desk.KindNote, m.CreatedAt)
	}
}
