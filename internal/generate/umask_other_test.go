//go:build !unix

package generate

func setUmask(int) int { return 0 }
