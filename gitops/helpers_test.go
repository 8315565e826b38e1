package gitops_test

import (
	"math/rand"
	"sort"
)

func newRand(seed int64) *rand.Rand { return rand.New(rand.NewSource(seed)) }

func sortStrings(s []string) { sort.Strings(s) }
