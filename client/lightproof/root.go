package lightproof

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/crypto/secp256k1"
	cmttypes "github.com/cometbft/cometbft/types"

	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
)

// TrustRoot is what a verifier trusts without proof: either a genesis file
// (the chain id, the first height, the genesis time and the validators the
// genesis makes) or a block (height and hash) the verifier got from a source
// it trusts. A proof's light path must start at the root's height.
type TrustRoot struct {
	// Height is the height of the first light block.
	Height int64
	// Hash, for a block root, is that block's hash.
	Hash []byte
	// Genesis, for a genesis root, is what the genesis file fixes.
	Genesis *GenesisRoot
	// Validators, if set with a block root, is the validator set of that
	// block (e.g. carried over from a previous verification); otherwise the
	// document's first light block carries it and the block hash vouches
	// for it.
	Validators *cmttypes.ValidatorSet
}

// GenesisRoot is what a genesis file fixes about the chain's first block.
type GenesisRoot struct {
	// ChainID is the genesis chain id.
	ChainID string
	// InitialHeight is the first block's height.
	InitialHeight int64
	// Time is the genesis time: the first block's time.
	Time time.Time
	// Validators is the validator set of the first block.
	Validators *cmttypes.ValidatorSet
	// ValidatorsFrom says where the set came from: the genesis's consensus
	// validators or its gentxs.
	ValidatorsFrom string
	// FileSHA256 is the sha256 of the genesis file, to compare with the
	// published one.
	FileSHA256 []byte
}

// TrustBlock returns a root at a block the verifier trusts: its height and
// its hash (the header hash, as in `nexusd q block` or CometBFT's /commit).
func TrustBlock(height int64, hash []byte) (TrustRoot, error) {
	if height <= 0 {
		return TrustRoot{}, fmt.Errorf("trusted height %d: must be positive", height)
	}
	if len(hash) != sha256.Size {
		return TrustRoot{}, fmt.Errorf("trusted hash: %d bytes, want %d", len(hash), sha256.Size)
	}
	return TrustRoot{Height: height, Hash: hash}, nil
}

// Describe says what the root is, in words.
func (r TrustRoot) Describe() string {
	if g := r.Genesis; g != nil {
		return fmt.Sprintf("genesis file (sha256 %x): chain %s, first block %d at %s, %d validator(s) with %d voting power (from %s), validator set hash %X",
			g.FileSHA256, g.ChainID, g.InitialHeight, g.Time.UTC().Format(time.RFC3339Nano), g.Validators.Size(), g.Validators.TotalVotingPower(), g.ValidatorsFrom, g.Validators.Hash())
	}
	return fmt.Sprintf("block %d with hash %X, given by you", r.Height, r.Hash)
}

// TrustGenesis returns the root a genesis file fixes: its chain id, initial
// height and genesis time, and the validator set of the first block, which
// every node computes from the genesis alone:
//
//   - the genesis's consensus validators when it lists them (an exported
//     genesis does; CometBFT then requires the app to return the same set);
//   - otherwise the validators its gentxs create: each MsgCreateValidator's
//     consensus key with power = self-bond / 10^6 (the SDK's default power
//     reduction, which Nexus keeps), in the staking bond denom.
//
// Verify then checks the first block against this set, so a set computed
// wrongly can only make a proof fail, never pass.
func TrustGenesis(genesisJSON []byte) (TrustRoot, error) {
	gen, err := genutiltypes.AppGenesisFromReader(bytes.NewReader(genesisJSON))
	if err != nil {
		return TrustRoot{}, fmt.Errorf("genesis: %w", err)
	}
	if gen.ChainID == "" {
		return TrustRoot{}, errors.New("genesis: no chain_id")
	}
	if gen.GenesisTime.IsZero() {
		return TrustRoot{}, errors.New("genesis: no genesis_time")
	}
	initial := gen.InitialHeight
	if initial == 0 {
		initial = 1
	}
	if initial < 0 {
		return TrustRoot{}, fmt.Errorf("genesis: initial_height %d", initial)
	}
	sum := sha256.Sum256(genesisJSON)
	g := &GenesisRoot{ChainID: gen.ChainID, InitialHeight: initial, Time: gen.GenesisTime, FileSHA256: sum[:]}

	var vals []*cmttypes.Validator
	if gen.Consensus != nil && len(gen.Consensus.Validators) > 0 {
		g.ValidatorsFrom = "the genesis's consensus validators"
		for i, v := range gen.Consensus.Validators {
			if v.PubKey == nil || v.Power <= 0 {
				return TrustRoot{}, fmt.Errorf("genesis: consensus validator %d has no key or no power", i)
			}
			vals = append(vals, cmttypes.NewValidator(v.PubKey, v.Power))
		}
	} else {
		g.ValidatorsFrom = "the genesis's gentxs"
		vals, err = gentxValidators(gen.AppState)
		if err != nil {
			return TrustRoot{}, fmt.Errorf("genesis: %w", err)
		}
	}
	set, err := newValidatorSet(vals)
	if err != nil {
		return TrustRoot{}, fmt.Errorf("genesis validators: %w", err)
	}
	g.Validators = set
	return TrustRoot{Height: initial, Genesis: g}, nil
}

// genesisAppState is the part of app_state the gentx validators depend on.
type genesisAppState struct {
	Genutil struct {
		GenTxs []struct {
			Body struct {
				Messages []json.RawMessage `json:"messages"`
			} `json:"body"`
		} `json:"gen_txs"`
	} `json:"genutil"`
	Staking struct {
		Params struct {
			BondDenom     string `json:"bond_denom"`
			MaxValidators uint32 `json:"max_validators"`
		} `json:"params"`
		Validators []json.RawMessage `json:"validators"`
	} `json:"staking"`
}

type createValidatorMsg struct {
	Type   string `json:"@type"`
	PubKey *struct {
		Type string `json:"@type"`
		Key  []byte `json:"key"`
	} `json:"pubkey"`
	Value struct {
		Denom  string `json:"denom"`
		Amount string `json:"amount"`
	} `json:"value"`
}

// powerReduction is the SDK's default: 10^6 bond units per unit of power.
var powerReduction = big.NewInt(1_000_000)

func gentxValidators(appState json.RawMessage) ([]*cmttypes.Validator, error) {
	var st genesisAppState
	if err := json.Unmarshal(appState, &st); err != nil {
		return nil, fmt.Errorf("app_state: %w", err)
	}
	if len(st.Staking.Validators) > 0 {
		return nil, errors.New("app_state.staking holds validators but the genesis lists no consensus validators: its first validator set cannot be read from the file; use a trusted block instead")
	}
	var vals []*cmttypes.Validator
	for i, tx := range st.Genutil.GenTxs {
		for _, raw := range tx.Body.Messages {
			var m createValidatorMsg
			if err := json.Unmarshal(raw, &m); err != nil {
				return nil, fmt.Errorf("gentx %d: %w", i, err)
			}
			if m.Type != "/cosmos.staking.v1beta1.MsgCreateValidator" {
				continue
			}
			if m.PubKey == nil {
				return nil, fmt.Errorf("gentx %d: no consensus key", i)
			}
			var pk crypto.PubKey
			switch m.PubKey.Type {
			case "/cosmos.crypto.ed25519.PubKey":
				if len(m.PubKey.Key) != ed25519.PubKeySize {
					return nil, fmt.Errorf("gentx %d: ed25519 key of %d bytes", i, len(m.PubKey.Key))
				}
				pk = ed25519.PubKey(m.PubKey.Key)
			case "/cosmos.crypto.secp256k1.PubKey":
				if len(m.PubKey.Key) != secp256k1.PubKeySize {
					return nil, fmt.Errorf("gentx %d: secp256k1 key of %d bytes", i, len(m.PubKey.Key))
				}
				pk = secp256k1.PubKey(m.PubKey.Key)
			default:
				return nil, fmt.Errorf("gentx %d: consensus key type %q is not supported", i, m.PubKey.Type)
			}
			if st.Staking.Params.BondDenom != "" && m.Value.Denom != st.Staking.Params.BondDenom {
				return nil, fmt.Errorf("gentx %d bonds %s, not the bond denom %s", i, m.Value.Denom, st.Staking.Params.BondDenom)
			}
			amount, ok := new(big.Int).SetString(m.Value.Amount, 10)
			if !ok || amount.Sign() < 0 {
				return nil, fmt.Errorf("gentx %d: amount %q", i, m.Value.Amount)
			}
			power := new(big.Int).Quo(amount, powerReduction)
			if !power.IsInt64() || power.Int64() > cmttypes.MaxTotalVotingPower {
				return nil, fmt.Errorf("gentx %d: power %s too large", i, power)
			}
			if power.Sign() == 0 {
				continue // no power: not in the set
			}
			vals = append(vals, cmttypes.NewValidator(pk, power.Int64()))
		}
	}
	if len(vals) == 0 {
		return nil, errors.New("no validators: neither consensus validators nor gentxs")
	}
	if maxVals := st.Staking.Params.MaxValidators; maxVals > 0 && len(vals) > int(maxVals) {
		return nil, fmt.Errorf("%d gentxs for at most %d validators: which ones made the set cannot be read from the file; use a trusted block instead", len(vals), maxVals)
	}
	return vals, nil
}

// newValidatorSet builds a set, refusing (rather than panicking on) what
// NewValidatorSet cannot take.
func newValidatorSet(vals []*cmttypes.Validator) (*cmttypes.ValidatorSet, error) {
	if len(vals) == 0 {
		return nil, errors.New("empty validator set")
	}
	seen := map[string]bool{}
	var total int64
	for _, v := range vals {
		if v.VotingPower <= 0 || v.VotingPower > cmttypes.MaxTotalVotingPower-total {
			return nil, fmt.Errorf("validator %X: voting power %d out of range", v.Address, v.VotingPower)
		}
		total += v.VotingPower
		if seen[string(v.Address)] {
			return nil, fmt.Errorf("validator %X appears twice", v.Address)
		}
		seen[string(v.Address)] = true
	}
	return cmttypes.NewValidatorSet(vals), nil
}

// ParseHash reads a block hash written in hex (either case).
func ParseHash(s string) ([]byte, error) {
	bz, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("hash %q: %w", s, err)
	}
	if len(bz) != sha256.Size {
		return nil, fmt.Errorf("hash %q: %d bytes, want %d", s, len(bz), sha256.Size)
	}
	return bz, nil
}
