//go:build !windows

package selfupdate

// hideFile is a no-op outside Windows: removing a running executable works there,
// and the leading dot already hides the file.
func hideFile(string) error { return nil }
