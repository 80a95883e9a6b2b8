// Package calendar computes business time: when a desk is open, how much
// business time lies between two instants, and the deadline that is a given
// amount of business time after a start. It is pure Go (no SQL, no HTTP); the
// store keeps a Spec and the services build a Calendar from it with New.
//
// # Model
//
// A Spec has a time zone (an IANA name, America/Montreal by default), weekly
// hours (for each weekday, zero or more intervals such as 08:30–12:00 and
// 13:00–17:00), holidays (dates on which the desk is closed) and exceptions (a
// date with its own hours, or closed). For a given date, an exception wins over
// a holiday, which wins over the weekly hours. Holidays can be filled from a
// preset (see Holidays) and then edited like any other.
//
// # Wall clock and real time
//
// Hours are wall-clock times in the calendar's time zone. An interval of a date
// is the span of real time from the first moment the local clock reaches its
// start on that date to the first moment it reaches its end. So on the night the
// clocks spring forward, 00:00–04:00 lasts three real hours and a time inside
// the skipped hour (02:30 in Montreal) means the moment the clock jumps (03:00);
// on the night they fall back, 00:00–04:00 lasts five real hours, the repeated
// hour included. Durations (Add, Between) are always real elapsed time.
//
// # Deadlines
//
// Business time only runs while the desk is open, so an arrival after hours, on
// a weekend or on a holiday starts counting at the next opening. A deadline is
// the earliest instant at which the business time has been used up: 8 hours
// from 09:00 on a 09:00–17:00 day is 17:00 that day, not 09:00 the next day.
//
// AddDays counts business days (dates with business hours) instead of hours:
// the deadline is on the n-th business day after the start's, at the same
// wall-clock time. When that day's hours do not include that time, it is the
// last business moment of that day before it (the closing time, or the start
// of a lunch break), or the day's first opening when the time is before it; a
// deadline that lands on an opening is reported, as above, as the previous
// closing. Examples on Mon–Fri 08:30–17:00: 2 business days from Monday 10:00
// is Wednesday 10:00; from Monday 08:30 (or from Sunday evening) it is Tuesday
// 17:00; from Friday 18:00 it is Tuesday 17:00.
//
// All instants returned are in the calendar's time zone. Every method is safe
// for concurrent use and never panics, whatever instant it is given.
package calendar
