package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"guichet/internal/calendar"
)

// calendarCache keeps built calendars by id and version, so that computing a
// request's clocks does not parse a calendar (and load its time zone) every
// time. A changed calendar has a new version, so every node sees the change
// at its next read; the zero value is ready to use.
type calendarCache struct {
	mu sync.Mutex
	m  map[int64]cachedCalendar
}

type cachedCalendar struct {
	version int64
	cal     *calendar.Calendar
}

// get returns the cached calendar id at version, or nil.
func (c *calendarCache) get(id, version int64) *calendar.Calendar {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[id]; ok && e.version == version {
		return e.cal
	}
	return nil
}

func (c *calendarCache) put(id, version int64, cal *calendar.Calendar) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[int64]cachedCalendar{}
	}
	c.m[id] = cachedCalendar{version: version, cal: cal}
}

// businessCalendar returns calendar id at version, from the cache or built
// from its stored spec.
func (s *Store) businessCalendar(ctx context.Context, q querier, id, version int64) (*calendar.Calendar, error) {
	if cal := s.cals.get(id, version); cal != nil {
		return cal, nil
	}
	var spec string
	if err := q.QueryRowContext(ctx, `SELECT spec, version FROM calendars WHERE id = $1`, id).Scan(&spec, &version); err != nil {
		return nil, fmt.Errorf("calendar %d: %w", id, err)
	}
	var sp calendar.Spec
	if err := json.Unmarshal([]byte(spec), &sp); err != nil {
		return nil, fmt.Errorf("calendar %d: %w", id, err)
	}
	cal, err := calendar.New(sp)
	if err != nil {
		return nil, fmt.Errorf("calendar %d: %w", id, err)
	}
	s.cals.put(id, version, cal)
	return cal, nil
}

// calendarFor returns the calendar named (explicit, may be nil), else the
// department's, else the default one, with its id. ok is false when none
// exists (no default calendar yet: nothing was configured).
func (s *Store) calendarFor(ctx context.Context, q querier, explicit *int64, departmentID int64) (int64, *calendar.Calendar, bool, error) {
	var id, version int64
	err := q.QueryRowContext(ctx, `SELECT c.id, c.version FROM calendars c WHERE c.id = COALESCE(CAST($1 AS BIGINT),
		(SELECT dc.calendar_id FROM department_calendars dc WHERE dc.department_id = $2),
		(SELECT d.id FROM calendars d WHERE d.is_default))`, idPtrOrNil(explicit), departmentID).Scan(&id, &version)
	if isNoRows(err) {
		return 0, nil, false, nil
	}
	if err != nil {
		return 0, nil, false, fmt.Errorf("calendar for department %d: %w", departmentID, err)
	}
	cal, err := s.businessCalendar(ctx, q, id, version)
	return id, cal, err == nil, err
}
