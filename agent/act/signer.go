// Package act is the agent's Do capability: it takes planned actions that
// the governor approved, signs them in batches with the reporter key,
// broadcasts them, waits for inclusion and records the outcome — exactly
// once (README.md, "Exactly once").
package act

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/cosmos/gogoproto/proto"

	sdkmath "cosmossdk.io/math"

	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/azora-os/nexus/agent/chain"
	"github.com/azora-os/nexus/agent/codec"
	"github.com/azora-os/nexus/agent/config"
	aegistypes "github.com/azora-os/nexus/x/aegis/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

// Signer signs with the agent's key and talks to the chain for what signing
// needs: the account, simulation, compliance checks, broadcast.
type Signer struct {
	enc      codec.Encoding
	kr       keyring.Keyring
	keyName  string
	addr     sdk.AccAddress
	addrStr  string
	chainID  string
	gasPrice sdk.DecCoin
	gasAdj   float64
	client   *chain.Client
}

// KeyringAppName is the keyring service name nexusd uses.
const KeyringAppName = "nexus"

// NewSigner opens the keyring and finds the key.
func NewSigner(cfg config.Config, enc codec.Encoding, client *chain.Client) (*Signer, error) {
	var input io.Reader = os.Stdin
	if pass := os.Getenv(config.EnvKeyringPassphrase); pass != "" {
		input = bufio.NewReader(strings.NewReader(strings.Repeat(pass+"\n", 4)))
	}
	dir := cfg.Path(cfg.Keyring.Dir)
	kr, err := keyring.New(KeyringAppName, cfg.Keyring.Backend, dir, input, enc.Codec)
	if err != nil {
		return nil, fmt.Errorf("keyring (%s in %s): %w", cfg.Keyring.Backend, dir, err)
	}
	rec, err := kr.Key(cfg.Keyring.Key)
	if err != nil {
		return nil, fmt.Errorf("keyring.key %q not found in the %s keyring in %s: %w", cfg.Keyring.Key, cfg.Keyring.Backend, dir, err)
	}
	addr, err := rec.GetAddress()
	if err != nil {
		return nil, err
	}
	gp, err := sdk.ParseDecCoin(cfg.Act.GasPrice)
	if err != nil {
		return nil, err
	}
	return &Signer{
		enc: enc, kr: kr, keyName: cfg.Keyring.Key, addr: addr, addrStr: addr.String(),
		chainID: cfg.ChainID, gasPrice: gp, gasAdj: cfg.Act.GasAdjustment, client: client,
	}, nil
}

// Address is the signer's address.
func (s *Signer) Address() string { return s.addrStr }

// Account returns the signer's account number and next sequence.
func (s *Signer) Account(ctx context.Context) (number, sequence uint64, err error) {
	err = s.client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		res, err := authtypes.NewQueryClient(cn.GRPC).AccountInfo(ctx, &authtypes.QueryAccountInfoRequest{Address: s.addrStr})
		if err != nil {
			return err
		}
		number, sequence = res.Info.AccountNumber, res.Info.Sequence
		return nil
	})
	return number, sequence, err
}

func (s *Signer) factory(number, sequence, gas uint64, timeoutHeight int64) clienttx.Factory {
	f := clienttx.Factory{}.
		WithTxConfig(s.enc.TxConfig).
		WithKeybase(s.kr).
		WithFromName(s.keyName).
		WithChainID(s.chainID).
		WithAccountNumber(number).
		WithSequence(sequence).
		WithGas(gas).
		WithSignMode(signing.SignMode_SIGN_MODE_DIRECT)
	if timeoutHeight > 0 {
		f = f.WithTimeoutHeight(uint64(timeoutHeight))
	}
	if gas > 0 {
		f = f.WithFees(s.Fee(gas).String())
	}
	return f
}

// Fee is ceil(gas × gas price).
func (s *Signer) Fee(gas uint64) sdk.Coin {
	amt := s.gasPrice.Amount.MulInt64(int64(min(gas, math.MaxInt64))).Ceil().TruncateInt() //nolint:gosec // clamped
	return sdk.NewCoin(s.gasPrice.Denom, sdkmath.MaxInt(amt, sdkmath.OneInt()))
}

// SimError is a transaction the chain would refuse.
type SimError struct{ Msg string }

func (e *SimError) Error() string { return e.Msg }

// Simulate runs msgs as a tx of the signer and returns the gas it used, or
// a *SimError when the chain refuses it.
func (s *Signer) Simulate(ctx context.Context, msgs []sdk.Msg) (uint64, error) {
	_, seq, err := s.Account(ctx)
	if err != nil {
		return 0, err
	}
	bz, err := s.factory(0, seq, 0, 0).BuildSimTx(msgs...)
	if err != nil {
		return 0, err
	}
	var used uint64
	err = s.client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		res, err := txtypes.NewServiceClient(cn.GRPC).Simulate(ctx, &txtypes.SimulateRequest{TxBytes: bz})
		if err != nil {
			if chain.IsTransient(err) {
				return err
			}
			return &SimError{Msg: err.Error()}
		}
		used = res.GasInfo.GasUsed
		return nil
	})
	return used, err
}

// GasFor is the gas limit for a simulated use.
func (s *Signer) GasFor(used uint64) uint64 {
	return uint64(math.Ceil(float64(used)*s.gasAdj)) + 10_000
}

// ComplianceCheck asks x/aegis whether signer may send msgs.
func (s *Signer) ComplianceCheck(ctx context.Context, signer string, msgs []sdk.Msg) (*aegistypes.QueryComplianceCheckResponse, error) {
	anys := make([]*codectypes.Any, 0, len(msgs))
	for _, m := range msgs {
		a, err := codectypes.NewAnyWithValue(m)
		if err != nil {
			return nil, err
		}
		anys = append(anys, a)
	}
	var out *aegistypes.QueryComplianceCheckResponse
	err := s.client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		res, err := aegistypes.NewQueryClient(cn.GRPC).ComplianceCheck(ctx, &aegistypes.QueryComplianceCheckRequest{Signer: signer, Msgs: anys})
		if err != nil {
			return err
		}
		out = res
		return nil
	})
	return out, err
}

// ActionApplied asks x/mesh whether the signer's action id was applied.
func (s *Signer) ActionApplied(ctx context.Context, actionID string) (bool, int64, error) {
	var (
		used bool
		h    int64
	)
	err := s.client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		res, err := meshtypes.NewQueryClient(cn.GRPC).FeedbackAction(ctx, &meshtypes.QueryFeedbackActionRequest{Reporter: s.addrStr, ActionId: actionID})
		if err != nil {
			return err
		}
		used, h = res.Used, res.Height
		return nil
	})
	return used, h, err
}

// Signed is a signed transaction.
type Signed struct {
	Hash          string
	Raw           []byte
	Sequence      uint64
	TimeoutHeight int64
	Gas           uint64
}

// Sign builds and signs a tx of msgs.
func (s *Signer) Sign(number, sequence, gas uint64, timeoutHeight int64, msgs []sdk.Msg) (Signed, error) {
	f := s.factory(number, sequence, gas, timeoutHeight)
	b, err := f.BuildUnsignedTx(msgs...)
	if err != nil {
		return Signed{}, err
	}
	if err := clienttx.Sign(context.Background(), f, s.keyName, b, true); err != nil {
		return Signed{}, fmt.Errorf("sign: %w", err)
	}
	raw, err := s.enc.TxConfig.TxEncoder()(b.GetTx())
	if err != nil {
		return Signed{}, err
	}
	sum := sha256.Sum256(raw)
	return Signed{Hash: strings.ToUpper(hex.EncodeToString(sum[:])), Raw: raw, Sequence: sequence, TimeoutHeight: timeoutHeight, Gas: gas}, nil
}

// Message types the agent signs (each must also be in the governor's
// allowed_msg_types).
const (
	MsgSubmitFeedback      = "/azora.mesh.v1.MsgSubmitFeedback"
	MsgSubmitFeedbackBatch = "/azora.mesh.v1.MsgSubmitFeedbackBatch"
	MsgCommitModel         = "/azora.mesh.v1.MsgCommitModel"
	MsgRecordAnalysis      = "/azora.mesh.v1.MsgRecordAnalysis"
)

// DecodeMsg decodes an action's stored message: x/mesh feedback, model
// commits and analysis records. Any other type is refused (recorded as
// refused by rule act.decode, never signed).
func DecodeMsg(msgType string, bz []byte) (sdk.Msg, error) {
	var m interface {
		sdk.Msg
		Unmarshal([]byte) error
	}
	switch msgType {
	case MsgSubmitFeedback:
		m = &meshtypes.MsgSubmitFeedback{}
	case MsgCommitModel:
		m = &meshtypes.MsgCommitModel{}
	case MsgRecordAnalysis:
		m = &meshtypes.MsgRecordAnalysis{}
	default:
		if proto.MessageType(strings.TrimPrefix(msgType, "/")) == nil {
			return nil, fmt.Errorf("unknown message type %s", msgType)
		}
		return nil, errors.New("the agent signs only x/mesh feedback, model commits and analysis records: " + msgType)
	}
	if err := m.Unmarshal(bz); err != nil {
		return nil, fmt.Errorf("decode %s: %w", msgType, err)
	}
	return m, nil
}
