//go:build race

package docstrings

// raceEnabled: the race detector slows the scan about tenfold; timing tests use smaller inputs.
const raceEnabled = true
