package cmdutil

import (
	"fmt"

	"github.com/spf13/cobra"
)

// NoArgs rejects positional arguments with a usage error (cobra.NoArgs would exit 3).
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return UsageErrorf("unexpected argument %q for %q; see '%s --help'", args[0], cmd.CommandPath(), cmd.CommandPath())
	}
	return nil
}

// MaximumArgs allows at most n positional arguments, as a usage error.
func MaximumArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return UsageErrorf("%q takes at most %d argument(s), got %d; see '%s --help'", cmd.CommandPath(), n, len(args), cmd.CommandPath())
		}
		return nil
	}
}

// OneOf checks that value is one of allowed, as a usage error naming the flag.
func OneOf(flag, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return UsageErrorf("invalid value %q for %s: accepted values are %s", value, flag, joinQuoted(allowed))
}

func joinQuoted(vals []string) string {
	s := ""
	for i, v := range vals {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%q", v)
	}
	return s
}
