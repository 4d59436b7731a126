//go:build !race

package tomlfast

const raceDetector = false
