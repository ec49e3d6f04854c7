package types

// Statement directions.
const (
	DirectionIn   = "in"
	DirectionOut  = "out"
	DirectionSelf = "self"
)

// NewStatementLine returns entry e as seen from account: "out" with the
// recipient as counterparty when account paid, "in" with the sender when it
// received, "self" when both sides are the account.
func NewStatementLine(account string, e JournalEntry) StatementLine {
	switch {
	case e.From == account && e.To == account:
		return StatementLine{Direction: DirectionSelf, Counterparty: account, Entry: e}
	case e.From == account:
		return StatementLine{Direction: DirectionOut, Counterparty: e.To, Entry: e}
	default:
		return StatementLine{Direction: DirectionIn, Counterparty: e.From, Entry: e}
	}
}
