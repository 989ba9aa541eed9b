package tt

import (
	"errors"
	"strings"
	"testing"
)

func TestModes(t *testing.T) {
	for _, tc := range []struct {
		n, d int
		want []int
	}{
		{784, 4, []int{7, 7, 4, 4}},
		{784, 2, []int{28, 28}},
		{128, 4, []int{4, 4, 4, 2}},
		{128, 7, []int{2, 2, 2, 2, 2, 2, 2}},
		{1024, 5, []int{4, 4, 4, 4, 4}},
		{1000, 3, []int{10, 10, 10}},
		{60, 3, []int{5, 4, 3}},
		{97, 1, []int{97}},
		{1, 1, []int{1}},
		{2 * 1_000_003, 2, []int{1_000_003, 2}},
	} {
		got, err := Modes(tc.n, tc.d)
		if err != nil {
			t.Errorf("Modes(%d, %d): %v", tc.n, tc.d, err)
			continue
		}
		if !intsEqual(got, tc.want) {
			t.Errorf("Modes(%d, %d) = %v; want %v", tc.n, tc.d, got, tc.want)
		}
		p := 1
		for _, m := range got {
			p *= m
		}
		if p != tc.n {
			t.Errorf("Modes(%d, %d) = %v multiplies to %d", tc.n, tc.d, got, p)
		}
	}
}

func TestModesErrors(t *testing.T) {
	for _, tc := range []struct {
		n, d    int
		message string
	}{
		{97, 2, "97 = 97 has 1 prime factors; 2 modes"},
		{12, 4, "12 = 2·2·3 has 3 prime factors; 4 modes"},
		{1, 2, "1 = 1 has 0 prime factors"},
		{0, 2, "dimension 0"},
		{-8, 3, "dimension -8"},
		{8, 0, "0 modes requested"},
		{MaxModesInput + 1, 2, "want 1.."},
	} {
		got, err := Modes(tc.n, tc.d)
		if !errors.Is(err, ErrShape) || got != nil {
			t.Errorf("Modes(%d, %d) = %v, %v; want nil, ErrShape", tc.n, tc.d, got, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.message) {
			t.Errorf("Modes(%d, %d): %q; want it to mention %q", tc.n, tc.d, err, tc.message)
		}
	}
}
