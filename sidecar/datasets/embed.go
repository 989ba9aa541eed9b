// Package datasets holds the data sets the repository ships (each with its
// licence beside it), embedded so that the binaries find them from any
// working directory.
package datasets

import _ "embed"

// DigitsCSVGzip is uci-digits/digits.csv.gz: the UCI optical recognition of
// handwritten digits set (CC BY 4.0, see uci-digits/README.md), 1,797
// rows of 64 pixel columns 0..16 and the label 0..9, gzip-compressed.
//
//go:embed uci-digits/digits.csv.gz
var DigitsCSVGzip []byte
