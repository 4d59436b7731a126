package selfupdate

// This file is the one place where mlinit decides whose releases it installs.
// Changing it needs a review by a release maintainer.
//
// Rotation: add the new key here and ship a release that still verifies with the
// old one; sign releases with both keys (mlinit-sign --append) until binaries that
// only know the old key are rare enough; then drop the old key from this list.
// A key is never reused after removal. Snapshot and test keys never appear here:
// they are trusted only where a test or a snapshot check injects them explicitly.

// productionKeys are standard-base64 raw Ed25519 public keys, newest first, each
// with its id (KeyID) and provenance. The private halves live only in the CI secret
// MLINIT_SIGNING_KEY of the release workflow.
func productionKeys() []string {
	return []string{
		// b6f18d594274f1f0 — generated 2026-11-26 for issue 8; private half not stored
		// in any repository (CI secret MLINIT_SIGNING_KEY, to be provisioned).
		"ajparTozYkNLmjs1AFYg2UEo/mWOjyWo56VTgvz+www=",
	}
}

// ProductionKeys returns the public keys that sign official mlinit releases. It is
// a function, not a variable, so nothing at run time can add a key to the set.
func ProductionKeys() []Key {
	texts := productionKeys()
	keys := make([]Key, 0, len(texts))
	for _, t := range texts {
		k, err := ParsePublicKey(t)
		if err != nil {
			// keys_test.go parses every key, so a typo fails the build's tests, not a user.
			panic("selfupdate: bad compiled-in public key: " + err.Error())
		}
		keys = append(keys, k)
	}
	return keys
}
