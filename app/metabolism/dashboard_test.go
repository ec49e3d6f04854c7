package metabolism_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/azora-os/nexus/app/metabolism"
)

// TestGrafanaDashboard checks docs/grafana/nexus-metabolism.json: it is a
// dashboard whose queries name only series the exporter exports, whose
// panels have unique ids and do not overlap, and that asks for its
// Prometheus data source instead of naming one.
func TestGrafanaDashboard(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "grafana", "nexus-metabolism.json"))
	require.NoError(t, err)
	var dash struct {
		UID        string `json:"uid"`
		Title      string `json:"title"`
		Templating struct {
			List []struct {
				Name, Type string
			} `json:"list"`
		} `json:"templating"`
		Panels []struct {
			ID      int                      `json:"id"`
			Type    string                   `json:"type"`
			Title   string                   `json:"title"`
			GridPos struct{ H, W, X, Y int } `json:"gridPos"`
			Targets []struct {
				Expr       string `json:"expr"`
				Datasource struct {
					UID string `json:"uid"`
				} `json:"datasource"`
			} `json:"targets"`
		} `json:"panels"`
	}
	require.NoError(t, json.Unmarshal(b, &dash))
	require.Equal(t, "nexus-metabolism", dash.UID)
	require.NotEmpty(t, dash.Templating.List)
	require.Equal(t, "datasource", dash.Templating.List[0].Name)

	names, err := metabolism.SeriesNames()
	require.NoError(t, err)
	exported := map[string]bool{}
	for _, n := range names {
		exported[n] = true
	}
	used := map[string]bool{}
	seriesRe := regexp.MustCompile(`\bnexus_[a-z0-9_]+`)
	ids := map[int]bool{}
	cells := map[[2]int]string{}
	for _, p := range dash.Panels {
		require.False(t, ids[p.ID], "panel id %d twice", p.ID)
		ids[p.ID] = true
		for x := p.GridPos.X; x < p.GridPos.X+p.GridPos.W; x++ {
			for y := p.GridPos.Y; y < p.GridPos.Y+p.GridPos.H; y++ {
				require.Empty(t, cells[[2]int{x, y}], "panel %q overlaps %q", p.Title, cells[[2]int{x, y}])
				cells[[2]int{x, y}] = p.Title
			}
		}
		require.LessOrEqual(t, p.GridPos.X+p.GridPos.W, 24, p.Title)
		if p.Type == "row" {
			continue
		}
		require.NotEmpty(t, p.Targets, p.Title)
		for _, tg := range p.Targets {
			require.Equal(t, "${datasource}", tg.Datasource.UID, p.Title)
			found := seriesRe.FindAllString(tg.Expr, -1)
			require.NotEmpty(t, found, "%s: %s", p.Title, tg.Expr)
			for _, s := range found {
				require.True(t, exported[s], "%s: %s is not exported", p.Title, s)
				used[s] = true
			}
		}
	}
	// Every series has a panel.
	for _, n := range names {
		require.True(t, used[n], "no panel shows %s", n)
	}
}
