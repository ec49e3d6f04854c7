package bench

import (
	"crypto/sha256"
	"fmt"
	"runtime"
	"sync"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Account is a bench account: a secp256k1 key derived from the run's seed and
// the account's index, funded (and, on Nexus, verified) in genesis. The same
// seed gives the same accounts on every chain and every run, so a genesis
// the bench wrote can be read back without storing any key.
type Account struct {
	Index  int
	Priv   *secp256k1.PrivKey
	Addr   sdk.AccAddress
	Bech32 string
	// Number is the account number genesis gives the account.
	Number uint64
}

// DeriveKey returns the private key of bench account i for seed: the
// secp256k1 key of sha256("<seed>/<i>").
func DeriveKey(seed string, i int) *secp256k1.PrivKey {
	secret := sha256.Sum256(fmt.Appendf(nil, "%s/%d", seed, i))
	return secp256k1.GenPrivKeyFromSecret(secret[:])
}

// DeriveAccounts derives n accounts; account i gets account number
// firstNumber + i. Deriving a public key costs a scalar multiplication, so
// the work is spread over the CPUs.
func DeriveAccounts(seed string, n int, firstNumber uint64) []Account {
	setAddressConfig()
	accs := make([]Account, n)
	workers := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				priv := DeriveKey(seed, i)
				addr := sdk.AccAddress(priv.PubKey().Address())
				accs[i] = Account{Index: i, Priv: priv, Addr: addr, Number: firstNumber + uint64(i)}
			}
		}()
	}
	wg.Wait()
	// Encoded with the prefix named here rather than AccAddress.String(),
	// which answers from a cache filled with whatever prefix was global when
	// an address was first printed.
	for i := range accs {
		bech, err := sdk.Bech32ifyAddressBytes(Bech32Prefix, accs[i].Addr)
		if err != nil {
			panic(err) // 20 bytes always encode
		}
		accs[i].Bech32 = bech
	}
	return accs
}
