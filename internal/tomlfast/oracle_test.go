package tomlfast

import (
	"fmt"

	toml "github.com/pelletier/go-toml/v2"
)

// oracle is exactly what mlinit's HY105 check does with a TOML file: the
// full go-toml decode into a generic map, with a decoder panic counted as a
// rejection.
func oracle(data []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("decoder panic: %v", r)
		}
	}()
	var m map[string]any
	return toml.Unmarshal(data, &m)
}
