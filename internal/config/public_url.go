package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// publicURL returns the address users reach Guichet at, for links written in
// mail (the portal's sign-in links): PublicURL when set, checked and without
// its trailing slash, else http:// and the listen address (a wildcard host
// reads as localhost).
func (c *Config) publicURL() (string, error) {
	if c.PublicURL == "" {
		host, port, err := net.SplitHostPort(c.Addr)
		if err != nil {
			return "", nil // reported on addr
		}
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		return "http://" + net.JoinHostPort(host, port), nil
	}
	u, err := url.Parse(c.PublicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("public-url %q must be an http:// or https:// address without query, e.g. https://desk.example.com", c.PublicURL)
	}
	return strings.TrimRight(c.PublicURL, "/"), nil
}
