# Sourced by the browser tests (run.sh, publish.sh) after they set $here, $src and $bin: finds
# Chromium ($CHROMIUM picks it) into $browser, or exits 77 (CTest's SKIP_RETURN_CODE) without it —
# 1 when COTATION_REQUIRE_BROWSER=1, where it must be there; makes the work directories ($work, a
# Chromium profile, $out: the third argument or $work), `fail` and the headless Chromium flags
# ($flags).
browser=${CHROMIUM:-}
if [[ -z $browser ]]; then
  for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then browser=$(command -v "$candidate"); break; fi
  done
fi
if [[ -z $browser ]]; then
  if [[ ${COTATION_REQUIRE_BROWSER:-0} == 1 ]]; then
    echo "FAIL: chromium is not installed, and this run requires it (COTATION_REQUIRE_BROWSER)"
    exit 1
  fi
  echo "browser test skipped: chromium is not installed (COTATION_WITH_BROWSER=1 bash scripts/setup.sh installs it)"
  exit 77
fi
if [[ ! -x $bin ]]; then
  echo "FAIL: no cotation binary at $bin"
  exit 1
fi

work=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$work" "$profile"' EXIT
out=${out_dir:-$work}
mkdir -p "$out"
failed=0
fail() { echo "FAIL: $*"; failed=1; }
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --user-data-dir="$profile" --enable-logging=stderr --v=0)

# self_contained FILE: nothing to fetch, nothing to run (no script, image, stylesheet link, frame,
# src= or url()).
self_contained() {
  if grep -Eion '<(script|img|link|iframe|object|embed)[ >]|[ "]src=|url\(' "$1" | head -5 | grep -q .; then
    grep -Eion '<(script|img|link|iframe|object|embed)[ >]|[ "]src=|url\(' "$1" | head -5
    fail "$(basename "$1") is not self-contained"
  fi
}

# dump_dom URL: the DOM as Chromium built it into $work/dom.html; a failure, or any console
# message Chromium logged about the page (`:INFO:CONSOLE:N] "message", source: ...`, older
# Chromium `:INFO:CONSOLE(N)]`, whatever the level), fails the test.
dump_dom() {
  timeout 120 "$browser" "${flags[@]}" --dump-dom "$1" >"$work/dom.html" 2>"$work/dom.err"
  local status=$?
  if ((status != 0)); then
    tail -20 "$work/dom.err"
    fail "chromium --dump-dom exited with $status"
  fi
  if grep -E 'CONSOLE' "$work/dom.err" >"$work/console.txt"; then
    sed 's/^/    /' "$work/console.txt" | head -20
    fail "the page logged $(wc -l <"$work/console.txt") console message(s)"
  fi
}

# screenshot URL PNG: the first A4-sized screen (A4 at 150 dpi is 1240 x 1754).
screenshot() {
  rm -f "$2"
  timeout 120 "$browser" "${flags[@]}" --hide-scrollbars --window-size=1240,1754 --screenshot="$2" "$1" >/dev/null 2>"$work/shot.err"
  if [[ ! -s $2 ]] || [[ $(head -c 8 "$2" | od -An -tx1 | tr -d ' \n') != 89504e470d0a1a0a ]]; then
    tail -20 "$work/shot.err"
    fail "no screenshot"
  fi
}
