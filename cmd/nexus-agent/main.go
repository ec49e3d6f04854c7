// Command nexus-agent is the off-chain Nexus agent: it perceives the chain,
// plans with its models, and acts through a constitutional governor
// (agent/README.md).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cosmos/cosmos-sdk/version"

	"github.com/azora-os/nexus/agent/api"
	"github.com/azora-os/nexus/agent/config"
	"github.com/azora-os/nexus/agent/daemon"
	"github.com/azora-os/nexus/agent/store"
)

func main() {
	if err := rootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}

func defaultHome() string {
	if h := os.Getenv(config.EnvHome); h != "" {
		return h
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".nexus-agent")
	}
	return ".nexus-agent"
}

func rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "nexus-agent",
		Short:         "The Nexus agent: perceive the chain, plan, act through a constitutional governor",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().String("home", defaultHome(), "agent home: agent.toml, the SQLite store (env "+config.EnvHome+")")
	root.AddCommand(initCmd(), startCmd(), configCmd(), statusCmd(), actionsCmd(), reconciliationCmd(), routeCmd(), demoTrafficCmd(), versionCmd())
	return root
}

func home(cmd *cobra.Command) string {
	h, _ := cmd.Flags().GetString("home")
	return h
}

func initCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write the documented default agent.toml into the home",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			h := home(cmd)
			path := filepath.Join(h, config.FileName)
			force, _ := cmd.Flags().GetBool("force")
			if _, err := os.Stat(path); err == nil && !force {
				return fmt.Errorf("%s exists (use --force to overwrite)", path)
			}
			if err := os.MkdirAll(h, 0o700); err != nil {
				return err
			}
			if err := os.WriteFile(path, config.Template, 0o600); err != nil {
				return err
			}
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", path)
			return err
		},
	}
	cmd.Flags().Bool("force", false, "overwrite an existing agent.toml")
	return cmd
}

// addKeyFlags adds one flag per config key.
func addKeyFlags(fs *pflag.FlagSet) {
	fs.String("config", "", "config file (default <home>/agent.toml)")
	for _, k := range config.Keys {
		fs.String(config.FlagName(k.Name()), "", k.Help()+" (config "+k.Name()+", env "+config.EnvName(k.Name())+")")
	}
}

// loadConfig applies flags > env > file > defaults.
func loadConfig(cmd *cobra.Command) (config.Config, error) {
	flags := map[string]string{}
	for _, k := range config.Keys {
		f := cmd.Flags().Lookup(config.FlagName(k.Name()))
		if f != nil && f.Changed {
			flags[k.Name()] = f.Value.String()
		}
	}
	path, _ := cmd.Flags().GetString("config")
	return config.Load(home(cmd), path, os.Environ(), flags)
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(cfg.Log.Level))
	opts := &slog.HandlerOptions{Level: lvl}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func startCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "start",
		Short: "Run the agent (until SIGINT or SIGTERM)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			log := newLogger(cfg, cmd.ErrOrStderr())
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			d, err := daemon.New(ctx, cfg, log)
			if err != nil {
				return err
			}
			return d.Run(ctx)
		},
	}
	addKeyFlags(cmd.Flags())
	return cmd
}

func configCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Validate the configuration (flags > env > file > defaults) and print it as TOML",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			bz, err := cfg.Encode()
			if err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(bz)
			return err
		},
	}
	addKeyFlags(cmd.Flags())
	return cmd
}

// apiURL is --api, or http://<api.listen> of the configuration.
func apiURL(cmd *cobra.Command) (string, error) {
	if u, _ := cmd.Flags().GetString("api"); u != "" {
		return strings.TrimRight(u, "/"), nil
	}
	cfg, err := config.Load(home(cmd), "", os.Environ(), nil)
	if err != nil {
		return "", fmt.Errorf("%w (or pass --api http://host:port)", err)
	}
	return "http://" + cfg.API.Listen, nil
}

func getJSON(url string, out any) error {
	c := http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(url) //nolint:gosec,noctx // the operator's own agent
	if err != nil {
		return fmt.Errorf("is the agent running? %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s: %s", url, resp.Status, strings.TrimSpace(string(body)))
	}
	return json.Unmarshal(body, out)
}

func clientFlags(cmd *cobra.Command) {
	cmd.Flags().String("api", "", "agent API URL (default http://<api.listen> of the config in --home)")
	cmd.Flags().StringP("output", "o", "text", "text or json")
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func statusCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the running agent's status: height, lag, actions, last reconciliation",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			base, err := apiURL(cmd)
			if err != nil {
				return err
			}
			var st api.Status
			if err := getJSON(base+"/status", &st); err != nil {
				return err
			}
			if out, _ := cmd.Flags().GetString("output"); out == "json" {
				return printJSON(cmd.OutOrStdout(), st)
			}
			var w strings.Builder
			caught := "catching up"
			if st.CaughtUp {
				caught = "caught up"
			}
			fmt.Fprintf(&w, "chain:     %s via %s\n", st.ChainID, st.Endpoint)
			fmt.Fprintf(&w, "height:    %d of %d (lag %d, %s)\n", st.LastHeight, st.ChainHeight, st.Lag, caught)
			fmt.Fprintf(&w, "reporter:  %s\n", st.Reporter)
			fmt.Fprintf(&w, "store:     %s\n", st.Store)
			keys := make([]string, 0, len(st.Actions))
			for k := range st.Actions {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			parts := make([]string, 0, len(keys))
			for _, k := range keys {
				parts = append(parts, fmt.Sprintf("%s %d", k, st.Actions[k]))
			}
			if len(parts) == 0 {
				parts = []string{"none yet"}
			}
			fmt.Fprintf(&w, "actions:   %s (pending %d, failed %d)\n", strings.Join(parts, ", "), st.PendingActions, st.FailedActions)
			if r := st.LastReconciliation; r != nil {
				fmt.Fprintf(&w, "reconcile: checkpoint %d %s", r.Height, strings.ToUpper(r.Status))
				if r.Detail != "" {
					fmt.Fprintf(&w, " (%s)", r.Detail)
				}
				fmt.Fprintf(&w, "; %d mismatches in all\n", st.ReconciliationMismatches)
			} else {
				fmt.Fprintf(&w, "reconcile: no checkpoint checked yet\n")
			}
			fmt.Fprintf(&w, "version:   %s, started %s\n", st.Version, st.StartedAt)
			_, err = io.WriteString(cmd.OutOrStdout(), w.String())
			return err
		},
	}
	clientFlags(cmd)
	return cmd
}

func actionsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "actions",
		Short: "List the action log, newest first (planned, refused, signed, included, failed)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			base, err := apiURL(cmd)
			if err != nil {
				return err
			}
			status, _ := cmd.Flags().GetString("status")
			limit, _ := cmd.Flags().GetInt("limit")
			var res struct {
				Actions []store.Action `json:"actions"`
			}
			if err := getJSON(fmt.Sprintf("%s/v1/actions?status=%s&limit=%d", base, status, limit), &res); err != nil {
				return err
			}
			if out, _ := cmd.Flags().GetString("output"); out == "json" {
				return printJSON(cmd.OutOrStdout(), res)
			}
			if len(res.Actions) == 0 {
				_, err := fmt.Fprintln(cmd.OutOrStdout(), "no actions")
				return err
			}
			var b strings.Builder
			tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
			_, _ = fmt.Fprintln(tw, "ID\tSTATUS\tCAUSE\tINCLUDED\tTX\tSUMMARY / REASON")
			for _, a := range res.Actions {
				text := a.Summary
				if a.Status == store.ActionRefused || a.Status == store.ActionFailed {
					text = a.Rule + ": " + a.Reason
				}
				tx := a.TxHash
				if len(tx) > 12 {
					tx = tx[:12] + "…"
				}
				inc := "-"
				if a.IncludedHeight > 0 {
					inc = fmt.Sprint(a.IncludedHeight)
				}
				_, _ = fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", a.ID, a.Status, a.CauseHeight, inc, tx, text)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			_, err = io.WriteString(cmd.OutOrStdout(), b.String())
			return err
		},
	}
	clientFlags(cmd)
	cmd.Flags().String("status", "", "only this status: planned, refused, signed, included or failed")
	cmd.Flags().Int("limit", 50, "how many")
	return cmd
}

func reconciliationCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "reconciliation",
		Short: "List the checked x/ledger checkpoints, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			base, err := apiURL(cmd)
			if err != nil {
				return err
			}
			limit, _ := cmd.Flags().GetInt("limit")
			var res struct {
				Counts      map[string]int64   `json:"counts"`
				Checkpoints []store.Checkpoint `json:"checkpoints"`
			}
			if err := getJSON(fmt.Sprintf("%s/v1/reconciliation?limit=%d", base, limit), &res); err != nil {
				return err
			}
			if out, _ := cmd.Flags().GetString("output"); out == "json" {
				return printJSON(cmd.OutOrStdout(), res)
			}
			var b strings.Builder
			tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
			_, _ = fmt.Fprintln(tw, "HEIGHT\tSTATUS\tENTRIES\tDETAIL")
			for _, c := range res.Checkpoints {
				detail := c.Detail
				if detail == "" {
					detail = c.Proof
				}
				_, _ = fmt.Fprintf(tw, "%d\t%s\t%d..%d\t%s\n", c.Height, c.Status, c.FirstSequence, c.LastSequence, detail)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			_, err = io.WriteString(cmd.OutOrStdout(), b.String())
			return err
		},
	}
	clientFlags(cmd)
	cmd.Flags().Int("limit", 20, "how many")
	return cmd
}

func versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), version.Version)
			return err
		},
	}
}
