package main

import (
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/sidecar/config"
	"github.com/litegpt/litegpt/sidecar/daemon"
)

// newStartCmd runs the configured roles until SIGINT or SIGTERM.
func newStartCmd() *cobra.Command {
	var cfgPath, level, metricsListen string
	cmd := &cobra.Command{
		Use:   "start",
		Short: "Run the sidecar's roles (v1: router, verifier) against the node in sidecar.toml",
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadStartConfig(cfgPath, cmd, level, metricsListen)
			if err != nil {
				return err
			}
			logger, err := newLogger(cfg.Log)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return daemon.Run(ctx, daemon.Options{Config: cfg, Logger: logger})
		},
	}
	cmd.Flags().StringVar(&cfgPath, "config", "sidecar.toml", "the sidecar.toml to run")
	cmd.Flags().StringVar(&level, "log-level", "", "override log.level (debug, info, warn, error)")
	cmd.Flags().StringVar(&metricsListen, "metrics-listen", "", "override metrics.listen (host:port)")
	return cmd
}

// loadStartConfig loads the file, applies the flag overrides and refuses
// roles start does not implement.
func loadStartConfig(path string, cmd *cobra.Command, level, metricsListen string) (config.Config, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return config.Config{}, err
	}
	if cmd.Flags().Changed("log-level") {
		cfg.Log.Level = level
	}
	if cmd.Flags().Changed("metrics-listen") {
		cfg.Metrics.Listen = metricsListen
	}
	if err := cfg.Validate(); err != nil {
		return config.Config{}, err
	}
	return cfg, daemon.CheckRoles(cfg.Roles)
}

func newLogger(l config.Log) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(l.Level)); err != nil {
		return nil, fmt.Errorf("log.level %q: %w", l.Level, err)
	}
	opts := &slog.HandlerOptions{Level: lvl}
	if strings.EqualFold(l.Format, "json") {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts)), nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts)), nil
}
