//go:build race

package tomlfast

// raceDetector is true under -race, which slows the single-threaded
// recogniser and go-toml ten times over without finding anything in them;
// the exhaustive variant sweep then samples (make test runs with -race).
const raceDetector = true
