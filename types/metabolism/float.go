package metabolism

import (
	"math/big"

	"cosmossdk.io/math"
)

// Float returns x as the float64 a Prometheus sample holds: exact up to
// 2^53 (9,007,199,254,740,992 base units), rounded to the nearest above.
func Float(x math.Int) float64 {
	if x.IsNil() {
		return 0
	}
	f, _ := new(big.Float).SetInt(x.BigInt()).Float64()
	return f
}
