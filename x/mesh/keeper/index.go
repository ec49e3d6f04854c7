package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	collcodec "cosmossdk.io/collections/codec"
)

// provableMulti is a multi index (reference key, primary key) like
// collections' indexes.Multi, but each entry is stored with a one-byte
// value instead of an empty one.
//
// Why: ICS-23 cannot prove a key whose value is empty (a leaf op needs a
// value), and the proof that a node id is absent from the mesh store is
// built from the existence proofs of its neighbouring keys, which may be
// index or role entries. Keeping every value of the mesh store non-empty
// keeps node-proof's absence proofs valid whatever the neighbours are.
//
// It also takes sameRef, which tells from the old and new values alone that
// the reference key did not change; IndexedMap.Set then leaves the entry as
// it is instead of deleting and rewriting it (a node's owner and type never
// change, so a feedback touches no index entry and decodes no address).
type provableMulti[RefKey, PrimaryKey, Value any] struct {
	getRefKey func(pk PrimaryKey, v Value) (RefKey, error)
	sameRef   func(oldValue, newValue Value) bool
	refs      collections.Map[collections.Pair[RefKey, PrimaryKey], bool]
}

var _ collections.Index[string, struct{}] = (*provableMulti[int32, string, struct{}])(nil)

func newProvableMulti[RefKey, PrimaryKey, Value any](
	sb *collections.SchemaBuilder,
	prefix collections.Prefix,
	name string,
	refCodec collcodec.KeyCodec[RefKey],
	pkCodec collcodec.KeyCodec[PrimaryKey],
	getRefKey func(pk PrimaryKey, v Value) (RefKey, error),
	sameRef func(oldValue, newValue Value) bool,
) *provableMulti[RefKey, PrimaryKey, Value] {
	return &provableMulti[RefKey, PrimaryKey, Value]{
		getRefKey: getRefKey,
		sameRef:   sameRef,
		refs:      collections.NewMap(sb, prefix, name, collections.PairKeyCodec(refCodec, pkCodec), collections.BoolValue),
	}
}

// Reference implements collections.Index: it moves the entry of pk from the
// old value's reference key (if any) to the new value's, unless sameRef says
// they are equal.
func (m *provableMulti[R, P, V]) Reference(ctx context.Context, pk P, newValue V, lazyOldValue func() (V, error)) error {
	old, err := lazyOldValue()
	switch {
	case err == nil:
		if m.sameRef(old, newValue) {
			return nil // the entry (ref, pk) exists and stays
		}
		if err := m.unreference(ctx, pk, old); err != nil {
			return err
		}
	case errors.Is(err, collections.ErrNotFound):
	default:
		return err
	}
	ref, err := m.getRefKey(pk, newValue)
	if err != nil {
		return err
	}
	return m.refs.Set(ctx, collections.Join(ref, pk), true)
}

// Unreference implements collections.Index.
func (m *provableMulti[R, P, V]) Unreference(ctx context.Context, pk P, getValue func() (V, error)) error {
	v, err := getValue()
	if err != nil {
		return err
	}
	return m.unreference(ctx, pk, v)
}

func (m *provableMulti[R, P, V]) unreference(ctx context.Context, pk P, v V) error {
	ref, err := m.getRefKey(pk, v)
	if err != nil {
		return err
	}
	return m.refs.Remove(ctx, collections.Join(ref, pk))
}

// IterateRaw lets query.CollectionPaginate page through the index.
func (m *provableMulti[R, P, V]) IterateRaw(ctx context.Context, start, end []byte, order collections.Order) (collections.Iterator[collections.Pair[R, P], bool], error) {
	return m.refs.IterateRaw(ctx, start, end, order)
}

// KeyCodec returns the index's key codec.
func (m *provableMulti[R, P, V]) KeyCodec() collcodec.KeyCodec[collections.Pair[R, P]] {
	return m.refs.KeyCodec()
}

// Has reports whether the index holds (ref, pk).
func (m *provableMulti[R, P, V]) Has(ctx context.Context, ref R, pk P) (bool, error) {
	return m.refs.Has(ctx, collections.Join(ref, pk))
}
