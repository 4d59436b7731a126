// Package e2e proves that generated projects pass their own gates with the real
// tools: for a covering set of answer sets it renders a project (through
// templates.Render, so it does not depend on the `mlinit new` command), then
// installs it, lints it, runs its tests, builds its docs and distributions,
// validates its pre-commit config, lints its workflows and Dockerfile, and runs
// its commands. Each gate is a named subtest, TestE2E/<answer set>/<n-step>, and
// every failure message names the answer set, the step and the tool's output.
//
// The package is tests only:
//
//   - TestE2E: the 16 answer sets of coveringRows (every value of every option;
//     env × lint × framework × docs pairwise), all with python 3.11.
//   - TestDeliveryMatrix: gates 6 and 7 (pre-commit validate-config, actionlint
//     with shellcheck, catalogue pins, BuildKit's Dockerfile parser) over every
//     combination of the options that shape delivery files, without installs.
//   - TestCoveringSet and the checker tests keep the matrix and the checks honest.
//
// Choices that keep the suite inside a CI budget:
//
//   - torch is never installed (gigabytes of CUDA wheels from PyPI). torch sets
//     lock the full dependency set with the env manager, then install everything
//     except torch and the packages only it pulls in (uv: --no-install-package;
//     poetry: placeholder dist-infos at the locked versions, removed after the
//     install; pip: the lock minus those requirement blocks). Their model tests
//     then skip with the generated reason; every other gate runs for real, and
//     `commands.py train/infer` runs only for frameworks none and sklearn.
//   - uv sets with torch have no Dockerfile: with one, the project pins torch to
//     the official PyTorch wheel index, and the suite may only assume PyPI.
//   - conda sets are checked structurally (environment.yml parses, uses
//     conda-forge, pins Python, bounds every pip requirement); the remaining gates
//     run in an equivalent uv-made environment with the same pip section.
//   - Caches live in $MLINIT_CACHE_DIR (default: the git-ignored .cache/): uv, pip, poetry and npm
//     caches, and one project directory per answer set (.cache/e2e/<set>) whose
//     .mypy_cache, and for uv sets .venv, survive between runs; every other file
//     is rendered afresh.
//
// Tools come from PATH (the Makefile prepends .cache/venv/bin, which `make tools`
// fills from tools/python-requirements.txt; npx comes from Node.js): python3.11,
// uv, poetry, pip-compile, pyproject-build, pre-commit, shellcheck, npx. A missing
// tool fails the test by name unless MLINIT_E2E=0, which skips saying so. The
// suite needs network access to PyPI (and npm for prettier) and a -timeout above
// go test's default 10 minutes.
package e2e
