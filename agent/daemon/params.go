package daemon

import "errors"

// DecodeParams implements api.Backend.
func (d *Daemon) DecodeParams(params []byte) (any, error) {
	return nil, errors.New("no parameter decoder")
}
