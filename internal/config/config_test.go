package config

import (
	"flag"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func parse(t *testing.T, vars map[string]string, args ...string) (Config, error) {
	t.Helper()
	c := Defaults(env(vars))
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.Register(fs, true)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	return c, c.Validate()
}

func TestConfig(t *testing.T) {
	t.Run("DefaultsServeLoopbackAndSQLiteUnderDataDir", func(t *testing.T) {
		c, err := parse(t, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.Addr != "127.0.0.1:8080" || c.DatabaseURL != "guichet-data/guichet.db" || c.IsPostgres() {
			t.Fatalf("got addr %q db %q", c.Addr, c.DatabaseURL)
		}
	})
	t.Run("EnvironmentOverridesDefaults", func(t *testing.T) {
		c, err := parse(t, map[string]string{"GUICHET_ADDR": "127.0.0.1:9000", "GUICHET_DATABASE_URL": "postgres://x@h/db", "GUICHET_LOG_LEVEL": "debug"})
		if err != nil {
			t.Fatal(err)
		}
		if c.Addr != "127.0.0.1:9000" || !c.IsPostgres() || c.LogLevel != slog.LevelDebug {
			t.Fatalf("got %+v", c)
		}
	})
	t.Run("FlagsOverrideEnvironment", func(t *testing.T) {
		c, err := parse(t, map[string]string{"GUICHET_ADDR": "127.0.0.1:9000"}, "-addr", "127.0.0.1:9001")
		if err != nil || c.Addr != "127.0.0.1:9001" {
			t.Fatalf("got %q, %v", c.Addr, err)
		}
	})
	t.Run("ErrBadValues", func(t *testing.T) {
		if _, err := parse(t, nil, "-addr", "nonsense", "-log-format", "xml"); err == nil {
			t.Fatal("want error for bad addr and log format")
		}
		if _, err := parse(t, nil, "-log-level", "loud"); err == nil {
			t.Fatal("want error for bad log level")
		}
		_, err := parse(t, map[string]string{"GUICHET_MAX_BODY_BYTES": "10MB", "GUICHET_LOG_LEVEL": "loud"})
		if err == nil || !strings.Contains(err.Error(), "GUICHET_MAX_BODY_BYTES") || !strings.Contains(err.Error(), "GUICHET_LOG_LEVEL") {
			t.Fatalf("malformed environment: %v", err)
		}
	})
}

func TestMailListenerLimits(t *testing.T) {
	t.Run("Defaults", func(t *testing.T) {
		c, err := parse(t, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.Mail.MaxRecipients != 50 || c.Mail.ReadTimeout != 5*time.Minute || c.Mail.WriteTimeout != 5*time.Minute {
			t.Fatalf("got %+v", c.Mail)
		}
	})
	t.Run("FromEnvironmentThenFlags", func(t *testing.T) {
		c, err := parse(t, map[string]string{"GUICHET_SMTP_MAX_RECIPIENTS": "5", "GUICHET_SMTP_READ_TIMEOUT": "30s",
			"GUICHET_SMTP_WRITE_TIMEOUT": "20s"}, "-smtp-read-timeout", "45s")
		if err != nil {
			t.Fatal(err)
		}
		if c.Mail.MaxRecipients != 5 || c.Mail.ReadTimeout != 45*time.Second || c.Mail.WriteTimeout != 20*time.Second {
			t.Fatalf("got %+v", c.Mail)
		}
	})
	t.Run("ErrBadValues", func(t *testing.T) {
		for _, vars := range []map[string]string{{"GUICHET_SMTP_MAX_RECIPIENTS": "0"},
			{"GUICHET_SMTP_READ_TIMEOUT": "soon"}, {"GUICHET_SMTP_WRITE_TIMEOUT": "10ms"}} {
			if _, err := parse(t, vars); err == nil {
				t.Fatalf("%v accepted", vars)
			}
		}
	})
}

func TestPublicURL(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		args []string
		want string
	}{
		{nil, nil, "http://127.0.0.1:8080"},
		{nil, []string{"-addr", ":9000"}, "http://localhost:9000"},
		{nil, []string{"-public-url", "https://desk.example.com/"}, "https://desk.example.com"},
		{map[string]string{"GUICHET_PUBLIC_URL": "https://desk.example.com/guichet"}, nil, "https://desk.example.com/guichet"},
	} {
		c, err := parse(t, tc.vars, tc.args...)
		if err != nil || c.PublicURL != tc.want {
			t.Errorf("%v %v: got %q, %v; want %q", tc.vars, tc.args, c.PublicURL, err, tc.want)
		}
	}
	for _, bad := range []string{"desk.example.com", "ftp://desk.example.com", "https://desk.example.com/?x=1", "https://u:p@desk.example.com"} {
		if _, err := parse(t, nil, "-public-url", bad); err == nil {
			t.Errorf("public-url %q accepted", bad)
		}
	}
}
