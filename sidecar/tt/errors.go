package tt

import "errors"

// Errors returned by this package, wrapped with a message that says what
// was wrong and what was expected; test them with errors.Is.
var (
	// ErrShape: modes, ranks or core sizes that are missing, non-positive,
	// inconsistent or too large.
	ErrShape = errors.New("tt: bad shape")
	// ErrValue: a NaN or infinite entry, weight or scale factor.
	ErrValue = errors.New("tt: bad value")
	// ErrOptions: a negative or non-finite option.
	ErrOptions = errors.New("tt: bad options")
	// ErrFactorization: gonum's SVD did not converge.
	ErrFactorization = errors.New("tt: factorization failed")
)
