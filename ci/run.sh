#!/usr/bin/env bash
# Runs `mlinit check` for the GitHub Action. Inputs arrive through env, never through
# ${{ }} in the script: MLINIT_PATH, MLINIT_ARGS (split on whitespace), MLINIT_SARIF_FILE.
# The check's exit code becomes the step's and the exit-code output.
set -uo pipefail

args=(check --format github)
if [ -n "${MLINIT_SARIF_FILE:-}" ]; then
  args+=(--format "sarif=${MLINIT_SARIF_FILE}")
fi
# Word splitting of the args input is intended: it is a list of flags.
read -r -a extra <<<"${MLINIT_ARGS:-}"
args+=(${extra[@]+"${extra[@]}"}) # bash 3.2 (macOS) treats an empty array as unset

"${MLINIT_PATH:?MLINIT_PATH is not set}" "${args[@]}"
code=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$code" >>"$GITHUB_OUTPUT"
  echo "sarif-file=${MLINIT_SARIF_FILE:-}" >>"$GITHUB_OUTPUT"
fi
exit "$code"
