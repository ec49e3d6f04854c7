package api

import (
	"errors"
	"net/http"
	"strconv"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ErrBadRequest marks a request the API answers with 400.
var ErrBadRequest = errors.New("bad request")

// RouteRequest asks how payer should pay payee an amount.
type RouteRequest struct {
	Payer, Payee string
	Amount       sdk.Coin
	// Pending is how many other payments the payer has queued.
	Pending int
}

// RouteAdvice is GET /v1/route's answer (and `nexus-agent route`'s).
type RouteAdvice struct {
	Payer  string `json:"payer"`
	Payee  string `json:"payee"`
	Amount string `json:"amount"`
	// Method is bank-send, ledger-transfer, ledger-batch, forge-escrow or
	// none (the chain would refuse it: Feasible false).
	Method   string `json:"method"`
	Feasible bool   `json:"feasible"`
	// Fee is the PIVC on the amount; Debit = amount + fee leaves the payer.
	Fee     string `json:"fee"`
	Debit   string `json:"debit"`
	RateBps uint32 `json:"rate_bps"`
	// ExpectedConfirmation and P90Confirmation estimate the wait for the
	// block that confirms it, from the recent block intervals.
	ExpectedConfirmation string `json:"expected_confirmation"`
	P90Confirmation      string `json:"p90_confirmation"`
	ConfirmationKnown    bool   `json:"confirmation_known"`
	// PayeeReputation is the payee's x/mesh reputation (its employee nodes'
	// mean); PayeeRated false when it has none.
	PayeeReputation uint64 `json:"payee_reputation"`
	PayeeRated      bool   `json:"payee_rated"`
	PayerTier       string `json:"payer_tier,omitempty"`
	// Reasons explain the choice, most important first.
	Reasons []string `json:"reasons"`
}

func routeHandler(b Backend) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		req := RouteRequest{Payer: q.Get("payer"), Payee: q.Get("payee")}
		amt, err := sdk.ParseCoinNormalized(q.Get("amount"))
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "amount must be one coin such as 25000000uazr: " + err.Error()})
			return
		}
		req.Amount = amt
		if p := q.Get("pending"); p != "" {
			if req.Pending, err = strconv.Atoi(p); err != nil || req.Pending < 0 {
				writeJSON(w, http.StatusBadRequest, map[string]string{"error": "pending must be a non-negative integer"})
				return
			}
		}
		adv, err := b.Route(r.Context(), req)
		if errors.Is(err, ErrBadRequest) {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		if err != nil {
			writeError(w, http.StatusBadGateway, err)
			return
		}
		writeJSON(w, http.StatusOK, adv)
	}
}
