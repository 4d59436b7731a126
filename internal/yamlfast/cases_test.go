package yamlfast

// cleanCases are documents Clean must recognise. Every one is also checked
// against the oracle, so a wrong entry here fails loudly.
var cleanCases = []string{
	"",
	"\n",
	"   \n\n",
	"# only a comment\n",
	"# only a comment",
	"---\n",
	"---",
	"---\n---\n",
	"--- # a comment\na: 1\n",
	"a: 1\n...\n",
	"a: 1\n...\n---\nb: 2\n",
	"a:\nb:\n...\n# comment\n---\na:\nb:\n",
	"a: 1\n---\na: 2\n",
	"a: 1",
	"a: 1\nb: 2\n",
	"a:\n",
	"a:",
	"a:\nb:\n",
	"a: \n",
	"a:   # comment\n  b: 1\n",
	"key : value\n",
	"a: b # trailing comment\n",
	"a: b #\n",
	"a: b#not-a-comment\n",
	"a#b: 1\n",
	"  a: 1\n  b: 2\n",
	"a:\n  b:\n    c: 1\n  d: 2\ne: 3\n",
	"a:\n    b: 1\n    c: 2\nd: 3\n",
	"a:\n b: 1\n",
	"a:\n  b: 1\n# comment at column 0\n  c: 2\n",
	"a:\n  b: 1\n      # deep comment\n  c: 2\n",
	"a:\n# comment\nb: 1\n",
	"a:\n# comment\n",
	"a: b\n  # indented comment\nc: d\n",
	"- a\n- b\n",
	"-\n",
	"- \n",
	"-\n-\n",
	"- a\n-\n- c\n",
	"- # comment\n- b\n",
	"-\n  a: 1\n  b: 2\n",
	"-\n  - a\n",
	"- - a\n  - b\n- c\n",
	"- - - a\n",
	"- a: 1\n  b: 2\n- a: 3\n  b: 4\n",
	"- a: 1\n  b:\n    c: 2\n",
	"- a:\n  - x\n  - y\n  b: 1\n",
	"- a:\n    - x\n  b: 1\n",
	"-   a: 1\n    b: 2\n",
	"key:\n- a\n- b\nother: 1\n",
	"key:\n- a:\n  b: 1\nother: 1\n",
	"key:\n-\nother: 1\n",
	"outer:\n  key:\n  - a\n  - b\n  other: 1\n",
	"items:\n  - name: a\n    value: 1\n  - name: b\n    value: 2\n",
	"defaults:\n  - data: default\n  - model: default\n  - _self_\n",
	"a: 1\nb: 2.5\nc: -3\nd: +4\ne: .5\nf: 1e-3\ng: 0x1F\nh: -.inf\ni: .nan\n",
	"a: true\nb: false\nc: null\nd: ~\ne: yes\nf: NO\n",
	"~: 1\nnull: 2\n",
	"1: a\n01: b\n1.0: c\n",
	"true: 1\nTrue: 2\n",
	"path: /usr/local/bin\nurl: https://example.com:8080/x?y=z#frag\n",
	"dir: ${hydra:runtime.cwd}/outputs/${now:%Y-%m-%d}\n",
	"user: ${oc.env:USER}\ntoken: ${oc.env:TOKEN,default}\n",
	"run: python train.py lr=0.1 model=resnet\n",
	"a: C:\\windows\\path\n",
	"a: some words with spaces\n",
	"a: text with 'single' and \"double\" quotes\n",
	"a: x - y\nb: a:b\nc: a :b\n",
	"a: b]\n",
	"a: ünïcödé\nkëy: 値\n",
	"-1: a\n-x: b\n",
	"a: 'single'\nb: \"double\"\n",
	"a: ''\nb: \"\"\n",
	"a: 'it''s'\n",
	"a: 'x: y # z'\n",
	"a: \"x: y # z\"\n",
	"a: \"\\t\\n\\\\\\\"\\/\\0\\a\\b\\v\\f\\r\\e\\ \\N\\_\\L\\P\"\n",
	"a: \"\\x41\\u00e9\\U0001F600\"\n",
	"'a': 1\n\"b\": 2\n",
	"'a' : 1\n",
	"\"a b\": 1\n",
	"'': 1\n",
	"a: \"quoted\" # comment\n",
	"- 'x'\n- \"y\"\n",
	"- 'k': v\n  \"j\": w\n",
	"a: []\nb: {}\n",
	"a: [a, b, c]\n",
	"a: [1, 2.5, -3, true, null]\n",
	"a: [ a , b ]\n",
	"a: [a b, c d]\n",
	"a: ['x', \"y\", z]\n",
	"a: [[1, 2], [3], []]\n",
	"a: {x: 1, y: 2}\n",
	"a: { x: 1 , y: [1, 2] , z: {w: 3} }\n",
	"a: {\"x\": 1, 'y': 2}\n",
	"a: {\"x\":1}\n",
	"a: [{x: 1}, {x: 2}]\n",
	"a: [a, b] # comment\n",
	"- [a, b]\n- {c: d}\n",
	"a: [http//x, a.b/c]\n",
	"a: |\n  line one\n  line two\nb: 1\n",
	"a: |\n",
	"a: |",
	"a: |\nb: 1\n",
	"a: |-\n  x\n",
	"a: |+\n  x\n\n",
	"a: >\n  folded\n  text\n",
	"a: >-\n  x\n\n  y\n",
	"a: | # comment\n  x\nb: 1\n",
	"a: |\n\n  x\n\n\n  y\n   more\nb: 1\n",
	"a: |\n  # not a comment\n  key: value\n  - not a seq\n  [not, flow]\n",
	"a: |\n  x\n# comment\nb: 1\n",
	"- |\n  x\n- y\n",
	"- run: |\n    echo hi\n    echo \"a: b\" # x\n  name: x\n",
	"steps:\n  - uses: actions/checkout@v4\n  - name: Test\n    run: |\n      go test ./...\n      go vet ./...\n    env:\n      CGO_ENABLED: 0\n",
	"a: 1\n\n\n\nb: 2\n",
	"# header\n\n---\n# c\na: 1\n",
}

// invalidCases are documents the oracle rejects; Clean must say false.
var invalidCases = []string{
	"a: 1\na: 2\n",
	"a: 1\nb: 2\na: 3\n",
	"a: 1\n'a': 2\n",
	"a: 1\n\"a\": 2\n",
	"a : 1\na: 2\n",
	"x:\n  a: 1\n  b:\n    c: 1\n    c: 2\n",
	"- a: 1\n  a: 2\n",
	"- - a: 1\n    a: 2\n",
	"x:\n- y:\n    z: 1\n    w:\n      v: 1\n      v: 2\n",
	"jobs:\n  test:\n    steps:\n      - name: a\n        run: x\n        name: b\n",
	"a: 1\n---\nb: 1\nb: 2\n",
	"\"'x'\":\n  \"'y'\": 1\n\"x'.'y\": 2\n",
	"a: {a:1, a:2}\n",
	"a: {x: 1, x: 2}\n",
	"a: [{x: 1, 'x': 2}]\n",
	"key:\n- a\nkey: 1\n",
	"\ta: 1\n",
	"a:\n\tb: 1\n",
	"a: 'unterminated\n",
	"a: \"unterminated\n",
	"a: \"bad \\q escape\"\n",
	"a: \"\\u12\"\nb: c\n",
	"key: value: x\n",
	"a: b:\n",
	"- a\n b\n- c: d\n e: f\n",
	"a: 1\n  b: 2\n",
	"a: 1\n- b\n",
	"- a\nb: 1\n",
	"a:\n    b: 1\n  c: 2\n",
	"a: [1, 2\n",
	"a: {x: 1\n",
	"a: ]\n",
	"a: %x\n",
	"a: @x\n",
	"a: `x`\n",
	"a: 'x' y\n",
	"a: - b\n",
	"a: x<<: 3\n",
	"--- a: 1\n",
	"a: |x\n",
	"a: |0\n  x\n",
}

// unsupportedCases are outside the fast path whether or not goccy accepts
// them; Clean must say false.
var unsupportedCases = []string{
	"\ufeffa: 1\n",
	"a: 1\r\nb: 2\r\n",
	"a: 1\rb: 2\r",
	"a: &x 1\nb: *x\n",
	"a: !!str 1\n",
	"a: !tag x\n",
	"%YAML 1.2\n---\na: 1\n",
	"? a\n: b\n",
	"<<: {a: 1}\n",
	"a: {<<: x}\n",
	"a: b\n  c\n",
	"- a\n b\n",
	"a: 'multi\n  line'\n",
	"a: \"multi\n  line\"\n",
	"a: [1,\n  2]\n",
	"a: \"\\\n  x\"\n",
	"a:\n  plain scalar value on the next line\n",
	"scalar document\n",
	"[a, b]\n",
	"a: |2\n   x\n",
	"a: |\n    x\n  y\n",
	"a: |\n      \n  x\n",
	"a: |\n\tx\n",
	"a: [a, b,]\n",
	"a: [a: b]\n",
	"a: {x:1}\n",
	"a: {x}\n{}: 1\n",
	"a: {x: http://y}\n",
	"a: ${x}: y\n",
	"a: [${x}]\n",
	"a: \"a\"#c\n",
	"a: b\x00\n",
	"a: b\x7f\n",
	"a: \xff\n",
	"a: \xc2\x85\n",
	"a: \"\\ud800\"\n",
	"a'b: 1\n",
	"'it''s': 1\n",
	"\"a\\tb\": 1\n",
	"...x\n",
	"---x: 1\n",
	"----\n",
	"a: -\n",
	"a: :x\n",
	"a: ?x\n",
	"a: ,x\n",
	"a: }\n",
	"a: <x>\n",
	"a:\tb\n",
	"a: b\t\n",
	"- \ta\n",
	"a: {x}\n",
	"a: |\n  x\n  \ty\n",
	"a: 1   \nb: 2\t# tab after a value\n",
}

// realisticCases are whole files in the styles mlinit meets most: GitHub
// workflows, pre-commit configs, Hydra configs.
var realisticCases = []string{
	`name: CI
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
concurrency:
  group: ci-${{ github.ref }}
  cancel-in-progress: true
jobs:
  test:
    runs-on: ${{ matrix.os }}
    strategy:
      fail-fast: false
      matrix:
        os: [ubuntu-latest, macos-latest, windows-latest]
        python-version: ["3.11", "3.12"]
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - name: Set up Python
        uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
          cache: pip
      - name: Install
        run: |
          python -m pip install --upgrade pip
          pip install -e ".[dev]"
      - name: Test
        run: pytest -q --cov=src
        env:
          PYTHONHASHSEED: "0"
          WANDB_MODE: offline
      - name: Lint
        if: matrix.os == 'ubuntu-latest'
        run: >-
          ruff check .
          && ruff format --check .
`,
	`# See https://pre-commit.com for more information
default_language_version:
  python: python3.11
repos:
-   repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v4.6.0
    hooks:
    -   id: trailing-whitespace
    -   id: end-of-file-fixer
    -   id: check-yaml
        args: [--allow-multiple-documents]
    -   id: check-added-large-files
        args: ['--maxkb=500']
-   repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.5.0
    hooks:
    -   id: ruff
        args: [--fix]
    -   id: ruff-format
-   repo: local
    hooks:
    -   id: mlinit
        name: mlinit check
        entry: mlinit check
        language: system
        types: [file]
        exclude: ^(data|models)/
`,
	`# @package _global_
defaults:
  - data: imagenet
  - model: resnet50
  - override hydra/launcher: submitit_slurm
  - _self_

seed: 42
experiment_name: baseline-${model.name}-${now:%Y%m%d}

trainer:
  max_epochs: 100
  precision: bf16-mixed
  accelerator: gpu
  devices: 8
  gradient_clip_val: 1.0
  log_every_n_steps: 50

optimizer:
  _target_: torch.optim.AdamW
  lr: 3e-4
  betas: [0.9, 0.999]
  weight_decay: 0.05

scheduler:
  _target_: transformers.get_cosine_schedule_with_warmup
  num_warmup_steps: 1000

paths:
  root: ${oc.env:PROJECT_ROOT,.}
  data: ${paths.root}/data
  output: ${hydra:runtime.output_dir}

hydra:
  run:
    dir: outputs/${now:%Y-%m-%d}/${now:%H-%M-%S}
  sweep:
    dir: multirun/${now:%Y-%m-%d}
    subdir: ${hydra.job.num}
  job:
    chdir: false
    env_set:
      CUDA_VISIBLE_DEVICES: "0,1,2,3"
`,
	`site_name: My Project
theme:
  name: material
  features:
    - navigation.tabs
    - content.code.copy
plugins:
  - search
  - mkdocstrings:
      handlers:
        python:
          options:
            show_source: false
nav:
  - Home: index.md
  - Getting started: getting-started.md
  - API: api.md
markdown_extensions:
  - admonition
  - toc:
      permalink: true
`,
}

// regressionCases are inputs that once made Clean wrong (fuzzing and
// variant testing found them); each must stay not Clean or be accepted by
// goccy.
var regressionCases = []string{
	// Block scalars without text: goccy fails once there are blank lines
	// or `+` chomping.
	"a: |\n  \n# comment\nb: 1\n",
	"a: |\n  \n\n# comment\nb: 1\n",
	"a: |\n      \n# x\n",
	"a: |+\n# x\n\n",
	"- |\n  \n- y\n",
	"- |\n  \n\n- y\n",
	// `...` directly after `---`: "unexpected scalar value type".
	"a: 1\n---\n...\n---\nb: 2\n",
	// A document after `...` without `---` shares goccy's token array with
	// the one before, whose implicit nulls overwrite it (found by fuzzing).
	"0:\n00:\n...\n0:\n00:",
	"a:\nb:\n...\nc: 1\n---\nd: 2\n",
	// In a flow mapping goccy never splits at ":/", even after a quoted key
	// (found by fuzzing).
	"   0: {\"\":/}",
}
