package checks

import "testing"

func TestMemo(t *testing.T) {
	f := NewFile("nb.ipynb")
	calls := 0
	parse := func() any { calls++; return calls }
	first := f.Memo("nb", parse)
	second := f.Memo("nb", parse)
	if first != 1 || second != 1 || calls != 1 {
		t.Fatalf("memo computed %d times", calls)
	}
	f.ForgetMemo()
	if f.Memo("nb", parse) != 2 {
		t.Error("ForgetMemo kept the old value")
	}
	// Files built by hand (tests) compute every time and never panic.
	plain := &File{Path: "x"}
	if plain.Memo("k", parse) != 3 || plain.Memo("k", parse) != 4 {
		t.Error("a file without a memo must just compute")
	}
	plain.ForgetMemo()
}
