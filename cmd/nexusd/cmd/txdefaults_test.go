package cmd

import (
	"testing"
	"time"
)

// TestLedgerPaymentDefaultDeadline: `tx ledger transfer` and `tx ledger
// batch-transfer` get a deadline an hour ahead unless --deadline is given
// (x/ledger refuses a payment without one, issue 14).
func TestLedgerPaymentDefaultDeadline(t *testing.T) {
	for _, name := range []string{"transfer", "batch-transfer"} {
		root := NewRootCmd()
		c, _, err := root.Find([]string{"tx", "ledger", name})
		if err != nil || c.Name() != name {
			t.Fatalf("tx ledger %s: %v (found %q)", name, err, c.CommandPath())
		}
		f := c.Flags().Lookup(flagDeadline)
		if f == nil {
			t.Fatalf("tx ledger %s has no --%s", name, flagDeadline)
		}
		before := time.Now().UTC()
		if err := reconcileTxFlags(c); err != nil {
			t.Fatal(err)
		}
		got, err := time.Parse(time.RFC3339, f.Value.String())
		if err != nil {
			t.Fatalf("--deadline %q: %v", f.Value.String(), err)
		}
		if lo, hi := before.Add(DefaultPaymentDeadline-time.Second), time.Now().UTC().Add(DefaultPaymentDeadline); got.Before(lo) || got.After(hi) {
			t.Errorf("tx ledger %s: default deadline %s, want about %s", name, got, before.Add(DefaultPaymentDeadline))
		}

		// An explicit --deadline wins.
		root = NewRootCmd()
		c, _, _ = root.Find([]string{"tx", "ledger", name})
		if err := c.Flags().Set(flagDeadline, "2030-01-02T03:04:05Z"); err != nil {
			t.Fatal(err)
		}
		if err := reconcileTxFlags(c); err != nil {
			t.Fatal(err)
		}
		if v := c.Flags().Lookup(flagDeadline).Value.String(); v != "2030-01-02T03:04:05Z" {
			t.Errorf("tx ledger %s: explicit --deadline became %q", name, v)
		}
	}
}
