//go:build !race

package docstrings

const raceEnabled = false
