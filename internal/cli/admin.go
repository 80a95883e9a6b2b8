package cli

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"guichet/internal/demo"
	"guichet/internal/desk"
	"guichet/internal/store"
)

// runMigrate applies pending migrations and exits.
func runMigrate(ctx context.Context, args []string, env Env) error {
	cfg, err := setup("migrate", args, env, false, nil)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg, newLogger(cfg, env.Stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(env.Stdout, "migrations applied (%s)\n", st.Engine())
	return nil
}

// runDemo loads the demo company into an empty database.
func runDemo(ctx context.Context, args []string, env Env) error {
	cfg, err := setup("demo", args, env, false, nil)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg, newLogger(cfg, env.Stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := demo.Load(ctx, st)
	if errors.Is(err, demo.ErrNotEmpty) {
		fmt.Fprintln(env.Stdout, "the database is not empty: demo data not loaded")
		return nil
	}
	if err != nil {
		return err
	}
	password, err := demoPasswords(ctx, st, sum)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "demo data loaded; sign in as %s (or any demo agent) with password %s\n", sum.AdminEmail, password)
	fmt.Fprintf(env.Stdout, "requester portal: %s/portal; for a sign-in link as %s, run: guichet portal link --email %s\n",
		cfg.PublicURL, demo.PortalRequesterEmail, demo.PortalRequesterEmail)
	return nil
}

// runUser handles `user create`.
func runUser(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("%w: guichet user create --email E --name N --role admin|agent|read-only [--departments slug,slug]", ErrUsage)
	}
	var email, name, role, depts string
	cfg, err := setup("user create", args[1:], env, false, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the agent's email address (required)")
		fs.StringVar(&name, "name", "", "the agent's name")
		fs.StringVar(&role, "role", "agent", "admin, agent or read-only")
		fs.StringVar(&depts, "departments", "", "comma-separated department slugs")
	})
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg, newLogger(cfg, env.Stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	password, err := readPassword(env.Stdin)
	if err != nil {
		return err
	}
	ag, err := createAgent(ctx, st, email, name, desk.Role(role), depts, password)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "agent %s (%s) created, person id %d\n", ag.Email, ag.Role, ag.PersonID)
	return nil
}

// createAgent makes the person with email an agent, creating the person if new.
// Role and departments are checked before anything is written.
func createAgent(ctx context.Context, st *store.Store, email, name string, role desk.Role, depts, password string) (*desk.Agent, error) {
	sys := desk.SystemActor
	ag := &desk.Agent{Role: role, Active: true}
	if err := ag.Validate(); err != nil {
		return nil, err
	}
	for _, slug := range strings.Split(depts, ",") {
		if slug = strings.TrimSpace(slug); slug == "" {
			continue
		}
		d, err := st.DepartmentBySlug(ctx, slug)
		if err != nil {
			return nil, fmt.Errorf("department %q: %w", slug, err)
		}
		ag.DepartmentIDs = append(ag.DepartmentIDs, d.ID)
	}
	p, err := st.PersonByEmail(ctx, sys, email)
	if desk.ErrorCode(err) == desk.CodeNotFound {
		p = &desk.Person{Name: name, Kind: desk.InternalPerson, Emails: []string{email}}
		err = st.CreatePerson(ctx, sys, p)
	}
	if err != nil {
		return nil, err
	}
	ag.PersonID = p.ID
	if err := st.CreateAgent(ctx, sys, ag); err != nil {
		return nil, err
	}
	if password != "" {
		if err := st.SetPassword(ctx, p.ID, password); err != nil {
			return nil, err
		}
	}
	return st.Agent(ctx, sys, p.ID)
}

// readPassword reads one line from stdin when stdin is not a terminal; a
// terminal or empty input means no password (API tokens only).
func readPassword(stdin io.Reader) (string, error) {
	if f, ok := stdin.(*os.File); ok {
		if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice != 0 {
			return "", nil
		}
	}
	if stdin == nil {
		return "", nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// runToken handles `token create --user EMAIL`: it prints only the token.
func runToken(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("%w: guichet token create --user EMAIL [--name NAME]", ErrUsage)
	}
	var user, name string
	cfg, err := setup("token create", args[1:], env, false, func(fs *flag.FlagSet) {
		fs.StringVar(&user, "user", "", "email of the person the token acts as (required)")
		fs.StringVar(&name, "name", "cli", "a name to recognise the token by")
	})
	if err != nil {
		return err
	}
	if user == "" {
		return fmt.Errorf("%w: --user is required", ErrUsage)
	}
	st, err := openStore(ctx, cfg, newLogger(cfg, env.Stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := st.PersonByEmail(ctx, desk.SystemActor, user)
	if err != nil {
		return fmt.Errorf("user %q: %w", user, err)
	}
	tok, err := st.CreateToken(ctx, p.ID, name)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, tok)
	return nil
}

// demoPasswords gives every demo agent one new random password and returns it.
func demoPasswords(ctx context.Context, st *store.Store, sum *demo.Summary) (string, error) {
	raw := make([]byte, 12)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	password := "demo-" + base64.RawURLEncoding.EncodeToString(raw)
	for _, ag := range sum.Agents {
		if err := st.SetPassword(ctx, ag.PersonID, password); err != nil {
			return "", fmt.Errorf("demo password for %s: %w", ag.Email, err)
		}
	}
	return password, nil
}

// demoToken issues an API token for the demo admin.
func demoToken(ctx context.Context, st *store.Store, email string) (string, error) {
	p, err := st.PersonByEmail(ctx, desk.SystemActor, email)
	if err != nil {
		return "", err
	}
	return st.CreateToken(ctx, p.ID, "demo")
}
