package movement

// BaseDenom is the base unit of AZR, the native token every movement's fees
// and PIVC are paid in. It is written here once; app (the chain's names),
// x/aegis (default fee and limit denom) and x/mint (the native denom) name
// it through this constant.
const BaseDenom = "uazr"
