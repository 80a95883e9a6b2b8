package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"guichet/internal/demo"
	"guichet/internal/store"
	"guichet/internal/web"
)

// runPortal handles `portal link --email E`: it prints a fresh sign-in link
// to the requester portal for the person with that address, mailing
// nothing — for a desk without an SMTP relay (the demo), or to help someone
// on the phone.
func runPortal(ctx context.Context, args []string, env Env) error {
	usage := fmt.Errorf("%w: guichet portal link --email E [--public-url URL]", ErrUsage)
	if len(args) == 0 || args[0] != "link" {
		return usage
	}
	var email string
	cfg, err := setup("portal link", args[1:], env, false, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the requester's email address (required)")
	})
	if err != nil {
		return err
	}
	if email == "" {
		return fmt.Errorf("%w: --email is required", ErrUsage)
	}
	st, err := openStore(ctx, cfg, newLogger(cfg, env.Stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	link, err := web.SignInURL(ctx, st, cfg.PublicURL, email)
	if err != nil {
		return fmt.Errorf("portal link for %q: %w", email, err)
	}
	fmt.Fprintln(env.Stdout, link)
	return nil
}

// logPortalDemo logs how to try the portal as the demo's requester: its
// address, a sign-in link (valid 20 minutes, once) and how to get another.
func logPortalDemo(ctx context.Context, st *store.Store, log *slog.Logger, publicURL string) error {
	link, err := web.SignInURL(ctx, st, publicURL, demo.PortalRequesterEmail)
	if err != nil {
		return err
	}
	log.Info("demo portal", "portal", publicURL+"/portal", "requester", demo.PortalRequesterEmail, "sign_in_link", link,
		"another_link", "guichet portal link --email "+demo.PortalRequesterEmail)
	return nil
}
