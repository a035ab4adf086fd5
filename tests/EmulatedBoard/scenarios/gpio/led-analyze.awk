# Reads gpio-led-sampler's output (EPOCH_US NAME VALUE GAP_US lines, written when a value
# changes) and judges one line over one time window. Used by scenarios/gpio.sh; runs under mawk,
# gawk and busybox awk.
#
#   awk -f led-analyze.awk -v name=status -v from=US -v to=US [-v invert=1] [-v maxgap=MS] \
#       -v mode=MODE [-v spec=...] [-v tol=MS] [-v min=N] [-v run=N] [-v skip=N] SAMPLES
#
# The window [from, to) is cut into segments of constant value. The first and last are partial
# (they began before the window or end with it); only complete segments are measured. A change
# is seen up to GAP_US after it happened; when the guest stalled the sampler for more than
# maxgap ms (default 60: three 20 ms samples) around either end of a segment, its length is
# uncertain: such a segment is shown in [brackets] and neither passes nor fails a timing check.
# invert=1 reads the line as active-low (0 is lit).
#
# Modes (exit 0 = pass, 1 = fail; the first output line is the verdict, the rest the detail):
#   list            prints the segments (value:ms; ~ partial, [] uncertain); always passes
#   level spec=V    the line is V for the whole window
#   cycle spec=ON,OFF,ON,OFF...  tol=MS min=N [run=N]
#                   at least min cycles (run of them back to back, default 1) whose segments,
#                   starting with an "on" one, each match spec within +-tol ms; prints each
#                   position's mean/min/max
#   each spec=MS tol=MS [skip=N]
#                   the complete segments after the first N last MS +-tol: at least one and at
#                   most half of them may miss (a late edge of a loaded guest); exit 3 when there
#                   is none to judge
#   change spec=V   the line changes to V somewhere in the window; prints when (ms after from)
#                   and how long it then stayed (ms; "to the window's end" when it did not change
#                   back), then "at_ms=A held_ms=H ended=0|1" for scripts
BEGIN {
  v = -1; n = 0; segstart = from + 0; partial = 1; startgap = 0
  if (maxgap == "") maxgap = 60
}
/^#/ { next }
$2 != name { next }
{
  t = $1 + 0
  val = $3 + 0
  gap = $4 + 0
  if (invert) val = 1 - val
  if (t <= from) { v = val; next }
  if (t >= to) next
  if (val == v) next
  seg(v, t - segstart, partial, segstart, startgap, gap)
  segstart = t
  startgap = gap
  v = val
  partial = 0
}
function seg(value, us, part, start, gap0, gap1) {
  n++
  sv[n] = value; sd[n] = us / 1000; sp[n] = part; ss[n] = start
  su[n] = (gap0 > maxgap * 1000 || gap1 > maxgap * 1000)
}
function segtext(i,   s) {
  s = (sv[i] < 0 ? "?" : sv[i]) ":" int(sd[i] + 0.5)
  if (sp[i]) s = s "~"
  else if (su[i]) s = "[" s "]"
  return s
}
function alltext(   i, s) {
  s = ""
  for (i = 1; i <= n; i++) s = s (i > 1 ? " " : "") segtext(i)
  return s
}
function abs(x) { return x < 0 ? -x : x }
function uncertain(   i, c) {
  c = 0
  for (i = 1; i <= n; i++) if (!sp[i] && su[i]) c++
  return c
}
END {
  seg(v, to - segstart, 1, segstart, startgap, 0)
  window = int((to - from) / 1000 + 0.5)
  if (mode == "list") {
    print "segments of " name " over " window " ms (value:ms, ~ partial, [] uncertain): " alltext()
    exit 0
  }
  if (mode == "level") {
    if (n == 1 && sv[1] == spec + 0) {
      print name " stayed " spec " for the whole " window " ms window"
      exit 0
    }
    print name " was not constantly " spec " over " window " ms: " alltext()
    exit 1
  }
  if (mode == "change") {
    for (i = 2; i <= n; i++) {
      if (sv[i] == spec + 0) {
        after = (ss[i] - from) / 1000
        if (i < n) held = int(sd[i] + 0.5) " ms"
        else held = "to the window's end (" int(sd[i] + 0.5) " ms)"
        printf "%s changed to %s %d ms after the window began and stayed %s; segments: %s\n", name, spec, after, held, alltext()
        printf "at_ms=%d held_ms=%d ended=%d\n", after, sd[i], (i < n)
        exit 0
      }
    }
    print name " never changed to " spec " in the " window " ms window: " alltext()
    exit 1
  }
  if (mode == "cycle") {
    k = split(spec, p, ",")
    if (run == "") run = 1
    matched = 0; best = 0; streak = 0
    for (j = 1; j <= k; j++) { sum[j] = 0; lo[j] = 1e9; hi[j] = -1 }
    i = 1
    while (i + k - 1 <= n) {
      ok = 1
      for (j = 1; j <= k; j++) {
        x = i + j - 1
        want = (j % 2 == 1) ? 1 : 0
        if (sp[x] || su[x] || sv[x] != want || abs(sd[x] - p[j]) > tol + 0) { ok = 0; break }
      }
      if (ok) {
        matched++; streak++
        if (streak > best) best = streak
        for (j = 1; j <= k; j++) {
          d = sd[i + j - 1]
          sum[j] += d
          if (d < lo[j]) lo[j] = d
          if (d > hi[j]) hi[j] = d
        }
        i += k
      } else {
        streak = 0
        i++
      }
    }
    detail = ""
    for (j = 1; j <= k; j++) {
      if (matched > 0)
        detail = detail sprintf("%s%s %d ms: mean %.0f (%.0f-%.0f)", (j > 1 ? "; " : ""), (j % 2 ? "on" : "off"), p[j], sum[j] / matched, lo[j], hi[j])
    }
    verdict = (matched >= min + 0 && best >= run + 0) ? "pass" : "fail"
    printf "%s %s: %d cycles of %s ms (+-%d) matched, %d back to back (need %d, %d back to back), %d segments uncertain; %s\n", name, verdict, matched, spec, tol, best, min, run, uncertain(), (detail == "" ? "none measured" : detail)
    print "segments (value:ms, ~ partial, [] uncertain): " alltext()
    exit (verdict == "pass") ? 0 : 1
  }
  if (mode == "each") {
    c = 0; bad = 0; s = ""; skipped = 0
    for (i = 1; i <= n; i++) {
      if (sp[i] || sv[i] < 0) continue
      if (skipped < skip + 0) {
        skipped++
        s = s (s == "" ? "" : ", ") "(" int(sd[i] + 0.5) ")"
        continue
      }
      if (su[i]) {
        s = s (s == "" ? "" : ", ") "[" int(sd[i] + 0.5) "]"
        continue
      }
      c++
      if (abs(sd[i] - spec) > tol + 0) bad++
      s = s (s == "" ? "" : ", ") int(sd[i] + 0.5)
    }
    if (c == 0) { print name ": no complete, certain segment to judge in " window " ms: " s "; segments: " alltext(); exit 3 }
    verdict = (bad * 2 <= c && bad < c) ? "pass" : "fail"
    printf "%s %s: %d of %d complete segments last %s ms +-%d%s: %s; segments: %s\n", name, verdict, c - bad, c, spec, tol, (skipped ? " (the first, in parentheses, not judged)" : ""), s, alltext()
    exit (verdict == "pass") ? 0 : 1
  }
  print "led-analyze.awk: unknown mode " mode
  exit 2
}
