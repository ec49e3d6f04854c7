package forecast

import (
	"fmt"
	"testing"
)

// BenchmarkFit measures fitting one series (grid + two Nelder–Mead runs over
// the full rolling-origin backtest) at realistic history lengths.
func BenchmarkFit(b *testing.B) {
	for _, days := range []int{7, 30, 90} {
		c := corridorSeries(1, days, 60, 0.01)
		b.Run(fmt.Sprintf("hourly-%dd", days), func(b *testing.B) {
			for b.Loop() {
				if _, err := Fit(c.vol, DefaultConfig()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkForecast measures one 24-bucket forecast and one Update.
func BenchmarkForecast(b *testing.B) {
	c := corridorSeries(1, 30, 60, 0.01)
	md, err := Fit(c.vol, DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		_ = md.Forecast(24)
		_ = md.Update(c.vol[0])
	}
}
