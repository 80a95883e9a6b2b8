package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

type metrics struct {
	latency *prometheus.HistogramVec
}

// newMetrics registers the HTTP, database-pool, Go runtime and process metrics.
func newMetrics(reg *prometheus.Registry, db Database) *metrics {
	m := &metrics{latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "guichet_http_request_duration_seconds",
		Help:    "Time to serve HTTP requests, by route, method and status code.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"route", "code"})}
	reg.MustRegister(m.latency,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		poolCollector{db})
	return m
}

// instrument observes every request's latency under its route pattern, never
// under its raw path, so the number of series stays bounded.
func (m *metrics) instrument(labels *routeLabeler, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := record(w)
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		m.latency.WithLabelValues(labels.label(r), strconv.Itoa(rec.status)).Observe(time.Since(start).Seconds())
	})
}

var (
	poolOpen    = prometheus.NewDesc("guichet_db_open_connections", "Open database connections.", []string{"pool"}, nil)
	poolInUse   = prometheus.NewDesc("guichet_db_in_use_connections", "Database connections in use.", []string{"pool"}, nil)
	poolWaits   = prometheus.NewDesc("guichet_db_wait_count_total", "Times a connection was waited for.", []string{"pool"}, nil)
	poolWaitDur = prometheus.NewDesc("guichet_db_wait_seconds_total", "Time spent waiting for a connection.", []string{"pool"}, nil)
)

// poolCollector reads the database pools' statistics at scrape time.
type poolCollector struct{ db Database }

func (c poolCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- poolOpen
	ch <- poolInUse
	ch <- poolWaits
	ch <- poolWaitDur
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	for name, s := range c.db.PoolStats() {
		ch <- prometheus.MustNewConstMetric(poolOpen, prometheus.GaugeValue, float64(s.OpenConnections), name)
		ch <- prometheus.MustNewConstMetric(poolInUse, prometheus.GaugeValue, float64(s.InUse), name)
		ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.WaitCount), name)
		ch <- prometheus.MustNewConstMetric(poolWaitDur, prometheus.CounterValue, s.WaitDuration.Seconds(), name)
	}
}

// routeLabeler finds the pattern a request matches, for labels: the node's own
// routes from its mux, the API's and the pages' from a mux built only to match
// their patterns (they are served by sub-handlers the node's mux cannot see into).
type routeLabeler struct{ surfaces, node *http.ServeMux }

func newRouteLabeler(routes []Route, node *http.ServeMux) *routeLabeler {
	surfaces := http.NewServeMux()
	noop := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	for _, rt := range routes {
		surfaces.Handle(rt.Method+" "+rt.Pattern, noop)
	}
	return &routeLabeler{surfaces: surfaces, node: node}
}

func (l *routeLabeler) label(r *http.Request) string {
	if _, p := l.node.Handler(r); p != "" && p != "/api/v1/" && p != "/" {
		return p
	}
	if _, p := l.surfaces.Handler(r); p != "" {
		return p
	}
	return "unmatched"
}
