package native

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/checks"
)

// Token fixtures are assembled at run time so this file itself never holds a
// token-shaped string that scanners (ours included) would flag.
func tok(parts ...string) string { return strings.Join(parts, "") }

func TestHY201(t *testing.T) {
	key := "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n"
	runFileCases(t, "HY201", []fileCase{
		{name: "rsa", path: "certs/server.key", content: "x\n" + key, want: []string{"private key"}, lines: []int{2}},
		{name: "openssh", path: "id", content: "-----BEGIN OPENSSH " + "PRIVATE KEY-----\n", want: []string{"private key"}},
		{name: "putty", path: "k.ppk", content: "PuTTY-User-" + "Key-File-2: ssh-rsa\n", want: []string{"private key"}},
		{name: "pgp and ec", path: "k.txt", content: "-----BEGIN PGP " + "PRIVATE KEY BLOCK-----\n-----BEGIN EC " + "PRIVATE KEY-----\n", want: []string{"p", "p"}, lines: []int{2, 1}},
		{name: "public key", path: "k.pub", content: "-----BEGIN PUBLIC KEY-----\n"},
		{name: "mention", path: "a.md", content: "use a private key\n"},
		{name: "prose header", path: "a.md", content: "files start with BEGIN RSA " + "PRIVATE KEY\n"},
	})
}

func TestHY202(t *testing.T) {
	hf := tok("hf_", "QwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUi")
	aws := tok("AKIA", "Z7QW3XRT5YUI2OPL")
	ghp := tok("ghp_", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8")
	openai := tok("sk-proj-", "Ab3dEf7hIjK1mNoPqR5t", "T3BlbkFJ", "Zy9xWv8uTs7rQp6oNm5l")
	anth := tok("sk-ant-api03-", strings.Repeat("aB3_dE6-gH9", 8), "xYz1AA")
	pypi := tok("pypi-", "AgEIcHlwaS5vcmc", "CJDE3ZjI1YTktMjQ5Ny00ZGEwLWI3NDEtNjBkYmM5ZTMwNDQ4AAIq")
	slack := tok("xoxb-", "1234567890-0987654321-AbCdEfGhIjKlMnOp")
	wandb := tok("WANDB_API_KEY=", "3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e6b4d2f0a")
	runFileCases(t, "HY202", []fileCase{
		{name: "hugging face", path: "train.py", content: "login(token=\"" + hf + "\")\n", want: []string{"Hugging Face"}, lines: []int{1}},
		{name: "aws", path: "a.cfg", content: "\n\naws_access_key_id = " + aws + "\n", want: []string{"AWS"}, lines: []int{3}},
		{name: "github", path: "a.sh", content: "export GH=" + ghp + "\n", want: []string{"GitHub token"}},
		{name: "openai", path: "a.py", content: "key='" + openai + "'\n", want: []string{"OpenAI"}},
		{name: "anthropic", path: "a.py", content: "key='" + anth + "'\n", want: []string{"Anthropic"}},
		{name: "pypi", path: ".pypirc", content: "password = " + pypi + "\n", want: []string{"PyPI"}},
		{name: "slack", path: "a.yml", content: "t: " + slack + "\n", want: []string{"Slack"}},
		{name: "wandb", path: ".env", content: wandb + "\n", want: []string{"Weights & Biases"}},
		{name: "placeholders", path: "README.md", content: tok("hf_", strings.Repeat("x", 34)) + "\n" + tok("AKIA", "IOSFODNN7EXAMPLE") + "\n" + tok("WANDB_API_KEY=", strings.Repeat("0", 40)) + "\n" + tok("ghp_", strings.Repeat("a", 36)) + "\n"},
		{name: "embedded word", path: "a.py", content: "shelf_" + strings.Repeat("ab", 17) + "\n"},
	})
}

// BenchmarkSecretScan measures the secret scanners on their worst cases — many
// near-miss prefixes — at 256 KB and 1 MB; `make bench` shows linear growth.
func BenchmarkSecretScan(b *testing.B) {
	e := newEnv()
	for _, chunk := range []string{"hf_a ", "AKIA", "sk-ant-api03-", "xoxb-1", "WANDB_API_KEY=", "T3BlbkFJ", "-----BEGIN " + "PRIVATE KEY"} {
		for _, size := range []int{256 << 10, 1 << 20} {
			data := []byte(strings.Repeat(chunk, size/len(chunk)))
			b.Run(fmt.Sprintf("%s/%dKB", strings.TrimSpace(chunk), size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				f := &checks.File{Path: "big.txt", Data: data}
				for b.Loop() {
					_ = e.hy202(f, nil)
					_ = e.hy201(f, nil)
				}
			})
		}
	}
}

func TestHY203(t *testing.T) {
	runRepoCases(t, "HY203", []repoCase{
		{name: "ok", files: map[string]string{".env.example": "A=", "src/a.py": "", "config.json": `{"type": "service_account"}`, "docs/env.md": ""}},
		{name: "credentials", files: map[string]string{
			".env": "A=1", "deploy/.env.production": "", "kaggle.json": "{}", "certs/server.pem": "", "home/.ssh/id_rsa": "",
			".netrc": "", ".pypirc": "", "keys/gcp.json": `{"type": "service_account", "private_key": "x"}`,
		}, want: []string{"environment file", ".netrc", "PyPI", "key/certificate", "environment file", "SSH private key", "Kaggle", "GCP service-account"}},
	})
	r := memRepo(t, map[string]string{".env": "A=1"})
	r.Tracked = nil
	if fs, _ := runRepo(t, "HY203", r, nil); len(fs) != 0 {
		t.Fatalf("an ignored .env is fine: %s", messages(fs))
	}
}

func FuzzSecrets(f *testing.F) {
	f.Add([]byte(tok("token=hf_", "QwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUi", "\n-----BEGIN ", "PRIVATE ", "KEY-----")))
	f.Add([]byte(tok("AKIA", "Z7QW3XRT5YUI2OPL WANDB_API_KEY=", "3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e6b4d2f0a")))
	f.Add([]byte("\x00\xff\n\r"))
	e := newEnv()
	f.Fuzz(func(t *testing.T, data []byte) {
		file := &checks.File{Path: "a.txt", Data: data}
		lines := strings.Count(string(data), "\n") + 1
		for _, fs := range [][]checks.Finding{e.hy201(file, nil), e.hy202(file, nil)} {
			for _, fd := range fs {
				if fd.Line < 1 || fd.Line > lines || fd.Column < 1 {
					t.Fatalf("bad position %d:%d", fd.Line, fd.Column)
				}
			}
		}
	})
}
