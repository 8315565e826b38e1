package gitops

import (
	"fmt"

	"reef/gitops/odb"
)

// Blob returns a blob's content (a file as committed or staged).
func (r *Repo) Blob(id Hash) ([]byte, error) {
	typ, data, err := r.db.Read(id)
	if err != nil {
		return nil, err
	}
	if typ != odb.Blob {
		return nil, fmt.Errorf("object %s is a %s, not a file", r.ShortHash(id), typ)
	}
	return data, nil
}
