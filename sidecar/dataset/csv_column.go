package dataset

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// textColumn collects a label or group column: integers, or names once any
// field is not an integer.
type textColumn struct {
	role         string // "label" or "group"
	where        string // "column 64", for messages
	max          int64  // largest integer id allowed
	emptyAllowed bool   // an empty field is NoGroup
	values       []string
	text         bool  // some field is not an integer
	problem      error // the first integer out of range, reported unless text
}

// len is the number of fields collected.
func (t *textColumn) len() int { return len(t.values) }

// add collects the (trimmed) field of line.
func (t *textColumn) add(field string, line int) error {
	if field == "" {
		if !t.emptyAllowed {
			return fmt.Errorf("the %s is empty", t.role)
		}
		t.values = append(t.values, "")
		return nil
	}
	t.values = append(t.values, strings.Clone(field))
	if t.text {
		return nil
	}
	v, err := strconv.ParseInt(field, 10, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		t.text = true
	case t.problem == nil && (err != nil || v < 0 || v > t.max):
		t.problem = fmt.Errorf("line %d, %s: the %s %s is out of range: integer %ss must be 0..%d (or use names)", line, t.where, t.role, field, t.role, t.max)
	}
	return nil
}

// resolve returns the ids and, for text, the sorted distinct names the ids
// index. An empty field is NoGroup.
func (t *textColumn) resolve() ([]int, []string, error) {
	ids := make([]int, len(t.values))
	if !t.text {
		if t.problem != nil {
			return nil, nil, t.problem
		}
		for i, v := range t.values {
			if v == "" {
				ids[i] = NoGroup
				continue
			}
			id, _ := strconv.ParseInt(v, 10, 64) // checked by add
			ids[i] = int(id)
		}
		return ids, nil, nil
	}
	names := make([]string, 0)
	for _, v := range t.values {
		if v != "" {
			names = append(names, v)
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	for i, v := range t.values {
		if v == "" {
			ids[i] = NoGroup
			continue
		}
		id, _ := slices.BinarySearch(names, v)
		ids[i] = id
	}
	return ids, names, nil
}
