package flow

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestSortedIsCanonical(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ts := []Transfer{
		{Seq: 3, Height: 2, Time: t0.Add(time.Second), From: "a", To: "b", Denom: "uazr", Amount: 1},
		{Seq: 1, Height: 1, Time: t0, From: "a", To: "b", Denom: "uazr", Amount: 1},
		{Seq: 2, Height: 1, Time: t0, From: "c", To: "d", Denom: "uazr", Amount: 2},
		{Seq: 2, Height: 1, Time: t0, From: "b", To: "d", Denom: "uazr", Amount: 2}, // equal seq: fields decide
	}
	want := []uint64{1, 2, 2, 3}
	r := rand.New(rand.NewPCG(1, 2))
	var first []Transfer
	for range 20 {
		in := append([]Transfer(nil), ts...)
		r.Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
		orig := append([]Transfer(nil), in...)
		got := Sorted(in)
		require.Equal(t, orig, in, "the input is not modified")
		var seqs []uint64
		for _, x := range got {
			seqs = append(seqs, x.Seq)
		}
		require.Equal(t, want, seqs)
		if first == nil {
			first = got
		}
		require.Equal(t, first, got)
	}
	require.Equal(t, "b", first[1].From)
}
