// Command ferretdb runs FerretDB v1 in embedded mode on SQLite, so that Ijro can start a
// MongoDB-compatible server on one machine without downloading anything but Go modules.
// The upstream cmd/ferretdb panics when built from the module proxy (its version.txt is
// generated at release time), the embeddable package does not need it.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dir := flag.String("dir", "data", "directory for the SQLite databases")
	level := flag.String("log-level", "warn", "debug, info, warn or error")
	guardList := flag.String("version-guard", "", "collection.field,...: updates never lower the field")
	flag.Parse()

	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))
	guards, err := parseGuards(*guardList)
	if err != nil {
		fatal(err)
	}

	abs, err := filepath.Abs(*dir)
	if err != nil {
		fatal(err)
	}
	if err = os.MkdirAll(abs, 0o700); err != nil {
		fatal(err)
	}

	// WAL without an fsync per commit, as the embedded Temporal store runs: a crash of the
	// process loses nothing; a power cut may lose the last commits, never consistency. A
	// forced sync per commit serialized every write behind the disk (see docs/performance.md).
	// The WAL file is cut back to 64 MB after each checkpoint instead of keeping its peak.
	sqliteURL := "file:" + abs + "/?_pragma=synchronous(normal)&_pragma=journal_size_limit(67108864)"

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		fatal(err)
	}

	// SIGTERM and SIGINT cancel the context; Run then closes the listener, every
	// connection and the SQLite backend before returning.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	go keepSchema(ctx, abs, guards, logger)

	logger.Info("ferretdb listening", "addr", *listen, "dir", abs)
	if err = f.Run(ctx); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "ferretdb:", err)
	os.Exit(1)
}
