package app

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cast"

	"cosmossdk.io/log/v2"

	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/azora-os/nexus/app/metabolism"
	tm "github.com/azora-os/nexus/types/metabolism"
)

// MetabolismAccounts classifies the app's module accounts for the
// metabolism exporter and `nexusd q ledger metabolism`.
func MetabolismAccounts() tm.Accounts {
	modules := make(map[string]string, len(maccPerms))
	for name := range maccPerms {
		modules[authtypes.NewModuleAddress(name).String()] = name
	}
	return tm.NewAccounts(modules)
}

// setupMetabolism starts the metabolism exporter when app.toml turns it on
// (`nexusd init` does): an ABCI listener appended to the baseapp's streaming
// manager (after any streaming plugin app.toml configures), exporting on the
// default Prometheus registry that CometBFT's instrumentation server serves.
// Apps built for the CLI, tests and export leave it off.
func (app *App) setupMetabolism(appOpts servertypes.AppOptions, logger log.Logger) {
	if !cast.ToBool(appOpts.Get(metabolism.FlagEnabled)) {
		return
	}
	exp, err := metabolism.New(metabolism.Options{
		Logger:     logger,
		Registerer: prometheus.DefaultRegisterer,
		Accounts:   MetabolismAccounts(),
		State:      metabolism.QueryReader{App: app, Cdc: app.appCodec},
	})
	if err != nil {
		// A second app in the same process (the series are registered once).
		logger.Error("metabolism exporter not started", "err", err)
		return
	}
	sm := app.StreamingManager()
	sm.ABCIListeners = append(sm.ABCIListeners, exp)
	app.SetStreamingManager(sm)
	app.metabolism = exp
}

// Metabolism returns the metabolism exporter, nil when it is off.
func (app *App) Metabolism() *metabolism.Exporter { return app.metabolism }

// Close stops the metabolism exporter, then closes the stores.
func (app *App) Close() error {
	if app.metabolism != nil {
		app.metabolism.Close()
	}
	return app.BaseApp.Close()
}
