package selfupdate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/go-github/v57/github"
)

// Where releases come from, and the environment that redirects or authenticates it.
const (
	DefaultOwner = "mlinit"
	DefaultRepo  = "mlinit"
	// EnvAPIURL is the REST API root, e.g. https://ghe.example.com/api/v3/ for GitHub
	// Enterprise, or a loopback server in tests.
	EnvAPIURL = "MLINIT_GITHUB_API_URL"
)

// Release is the part of a GitHub release the updater uses.
type Release struct {
	Tag         string    `json:"tag"`
	Version     string    `json:"version"` // Tag without the leading "v"
	URL         string    `json:"url"`     // the release page
	PublishedAt time.Time `json:"published_at"`
	Assets      []Asset   `json:"-"`
}

// Asset is one downloadable file of a release.
type Asset struct {
	ID   int64
	Name string
	Size int64
}

// FindAsset returns the asset called name.
func (r *Release) FindAsset(name string) (Asset, bool) {
	for _, a := range r.Assets {
		if a.Name == name {
			return a, true
		}
	}
	return Asset{}, false
}

// GitHubOptions configures the release source.
type GitHubOptions struct {
	// HTTPClient is copied, never modified: go-github changes the redirect policy of
	// the client it is given while downloading.
	HTTPClient *http.Client
	APIURL     string // "" means api.github.com
	Token      string // optional; raises the rate limit and reaches private repos
	// TokenFrom names the variable the token came from, for error messages.
	TokenFrom   string
	Owner, Repo string
	Now         func() time.Time
}

// GitHubOptionsFromEnv reads MLINIT_GITHUB_API_URL and GITHUB_TOKEN / GH_TOKEN.
func GitHubOptionsFromEnv(hc *http.Client, env func(string) (string, bool)) GitHubOptions {
	opts := GitHubOptions{HTTPClient: hc, Owner: DefaultOwner, Repo: DefaultRepo}
	if v, ok := env(EnvAPIURL); ok {
		opts.APIURL = strings.TrimSpace(v)
	}
	for _, name := range []string{"GITHUB_TOKEN", "GH_TOKEN"} {
		if v, ok := env(name); ok && strings.TrimSpace(v) != "" {
			opts.Token, opts.TokenFrom = strings.TrimSpace(v), name
			break
		}
	}
	return opts
}

// GitHub finds releases and downloads their assets through the GitHub REST API.
type GitHub struct {
	client      *github.Client
	download    *http.Client
	owner, repo string
	tokenFrom   string
	now         func() time.Time
}

// NewGitHub builds the release source.
func NewGitHub(opts GitHubOptions) (*GitHub, error) {
	base := opts.HTTPClient
	if base == nil {
		base = &http.Client{Timeout: 60 * time.Second}
	}
	apiClient := *base
	if opts.Token != "" {
		transport := apiClient.Transport
		if transport == nil {
			transport = http.DefaultTransport
		}
		token := opts.Token
		apiClient.Transport = roundTripperFunc(func(req *http.Request) (*http.Response, error) {
			req = req.Clone(req.Context())
			req.Header.Set("Authorization", "Bearer "+token)
			return transport.RoundTrip(req)
		})
	}
	client := github.NewClient(&apiClient)
	client.UserAgent = "mlinit-self-update"
	if opts.APIURL != "" {
		u, err := url.Parse(opts.APIURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("%s=%q is not an http(s) URL", EnvAPIURL, opts.APIURL)
		}
		if !strings.HasSuffix(u.Path, "/") {
			u.Path += "/"
		}
		// Set BaseURL directly instead of WithEnterpriseURLs, which appends api/v3/
		// to any host; the variable names the exact API root.
		client.BaseURL = u
	}
	download := *base // the asset redirect is followed by a client without our token
	// An archive is far larger than an API answer: give it longer than the default
	// whole-request timeout. ctx still cancels it on Ctrl-C.
	if download.Timeout > 0 && download.Timeout < 10*time.Minute {
		download.Timeout = 10 * time.Minute
	}
	g := &GitHub{
		client: client, download: &download,
		owner: opts.Owner, repo: opts.Repo, tokenFrom: opts.TokenFrom, now: opts.Now,
	}
	if g.owner == "" {
		g.owner = DefaultOwner
	}
	if g.repo == "" {
		g.repo = DefaultRepo
	}
	if g.now == nil {
		g.now = time.Now
	}
	return g, nil
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Release returns the release tagged tag, or the latest release when tag is "".
// GitHub's "latest" never names a draft or a pre-release.
func (g *GitHub) Release(ctx context.Context, tag string) (*Release, error) {
	var (
		rel *github.RepositoryRelease
		err error
	)
	if tag == "" {
		rel, _, err = g.client.Repositories.GetLatestRelease(ctx, g.owner, g.repo)
	} else {
		rel, _, err = g.client.Repositories.GetReleaseByTag(ctx, g.owner, g.repo, tag)
	}
	if err != nil {
		return nil, g.explain(err, tag)
	}
	out := &Release{
		Tag:         rel.GetTagName(),
		Version:     strings.TrimPrefix(rel.GetTagName(), "v"),
		URL:         rel.GetHTMLURL(),
		PublishedAt: rel.GetPublishedAt().Time,
	}
	for _, a := range rel.Assets {
		out.Assets = append(out.Assets, Asset{ID: a.GetID(), Name: a.GetName(), Size: int64(a.GetSize())})
	}
	return out, nil
}

// Download fetches one asset into memory, following the redirect to the storage
// host, and fails when it is larger than limit or shorter than GitHub said.
func (g *GitHub) Download(ctx context.Context, a Asset, limit int64) ([]byte, error) {
	if a.Size > limit {
		return nil, fmt.Errorf("%s is %d bytes, over the %d-byte limit", a.Name, a.Size, limit)
	}
	rc, _, err := g.client.Repositories.DownloadReleaseAsset(ctx, g.owner, g.repo, a.ID, g.download)
	if err != nil {
		return nil, fmt.Errorf("downloading %s: %w", a.Name, g.explain(err, ""))
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("downloading %s: %w", a.Name, err)
	}
	switch {
	case int64(len(b)) > limit:
		return nil, fmt.Errorf("%s is over the %d-byte limit", a.Name, limit)
	case a.Size > 0 && int64(len(b)) != a.Size:
		return nil, fmt.Errorf("downloading %s: got %d of %d bytes", a.Name, len(b), a.Size)
	}
	return b, nil
}

// explain turns go-github errors into one actionable sentence.
func (g *GitHub) explain(err error, tag string) error {
	if rl, ok := errors.AsType[*github.RateLimitError](err); ok {
		reset := rl.Rate.Reset.UTC()
		wait := reset.Sub(g.now()).Round(time.Second)
		hint := "set GITHUB_TOKEN or GH_TOKEN for a higher limit"
		if g.tokenFrom != "" {
			hint = "the limit applies to the token in " + g.tokenFrom
		}
		return fmt.Errorf("GitHub API rate limit exceeded (%d requests per hour); it resets at %s (in %s); %s",
			rl.Rate.Limit, reset.Format("2006-01-02 15:04:05 UTC"), max(wait, 0), hint)
	}
	if ab, ok := errors.AsType[*github.AbuseRateLimitError](err); ok {
		if d := ab.GetRetryAfter(); d > 0 {
			return fmt.Errorf("GitHub API secondary rate limit hit; retry after %s (at %s)",
				d, g.now().Add(d).UTC().Format("15:04:05 UTC"))
		}
		return errors.New("GitHub API secondary rate limit hit; retry in a few minutes")
	}
	if er, ok := errors.AsType[*github.ErrorResponse](err); ok && er.Response != nil {
		switch er.Response.StatusCode {
		case http.StatusNotFound:
			if tag != "" {
				return fmt.Errorf("no release %s in %s/%s", tag, g.owner, g.repo)
			}
			return fmt.Errorf("no published release in %s/%s", g.owner, g.repo)
		case http.StatusUnauthorized:
			if g.tokenFrom != "" {
				return fmt.Errorf("GitHub rejected the token in %s (401)", g.tokenFrom)
			}
		}
		return fmt.Errorf("GitHub API: %s %s", er.Response.Status, er.Message)
	}
	return err
}
