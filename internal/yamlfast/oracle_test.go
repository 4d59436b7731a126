package yamlfast

import (
	"fmt"

	"github.com/goccy/go-yaml/parser"
)

// oracle is exactly what mlinit's HY105 check does with a YAML file: the full
// goccy parse, with a parser panic counted as a rejection.
func oracle(data []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("parser panic: %v", r)
		}
	}()
	_, err = parser.ParseBytes(data, 0)
	return err
}
