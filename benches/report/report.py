"""Collects the benchmark families' results and renders REPORT.md with charts (benches/run).

Subcommands:
  init FAMILY TITLE COMMAND OUT.json [NOTE...]   start a family file
  note OUT.json NOTE...           add notes to a family file
  versions OUT.json NAME...       add the Cargo.lock versions of these crates
  criterion DIR RUN OUT.json      criterion's per-sample data under DIR -> a family file
  metrics LOG OUT.json            `METRIC name=value` lines of the bare-metal firmware -> a family file
  missing FAMILY TITLE REASON OUT.json
                                  a family that could not run, and why (never faked)
  render RESULTS_DIR OUT_DIR      every *.json in RESULTS_DIR -> OUT_DIR/REPORT.md + OUT_DIR/charts/

A family file (JSON) holds:
  {"family": "rust", "title": "...", "status": "ok" | "not run", "reason": "...",
   "command": "...", "versions": {"name": "version"}, "notes": ["..."],
   "results": [{"group": "HS256/verify", "impl": "oxidc-ring", "run": "main",
                "median_ns": 1.0, "p25_ns": 1.0, "p75_ns": 1.0, "samples": 20}],
   "metrics": [{"name": "...", "value": 1, "unit": "..."}]}
Ratios compare rows of the same group and the same `run` (one process, interleaved).
The Python and C families write the same shape directly (benches/python, benches/c).
"""

from __future__ import annotations

import datetime
import json
import math
import os
import pathlib
import platform
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


# ------------------------------------------------------------------ statistics


def percentile(xs: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    s = sorted(xs)
    if not s:
        return math.nan
    pos = (len(s) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def summarise(per_op_ns: list[float]) -> dict:
    return {
        "median_ns": percentile(per_op_ns, 0.5),
        "p25_ns": percentile(per_op_ns, 0.25),
        "p75_ns": percentile(per_op_ns, 0.75),
        "samples": len(per_op_ns),
    }


# ------------------------------------------------------------------ collectors


def collect_criterion(crit_dir: str, run: str, out: str) -> None:
    """Reads criterion's `new/sample.json` (iterations and total time per sample) for every
    benchmark under `crit_dir`; each sample's time per iteration is one observation."""
    results = []
    for bench in sorted(pathlib.Path(crit_dir).glob("**/new/benchmark.json")):
        meta = json.loads(bench.read_text())
        sample = json.loads((bench.parent / "sample.json").read_text())
        per_op = [t / i for t, i in zip(sample["times"], sample["iters"]) if i]
        results.append(
            {"group": meta["group_id"], "impl": meta["function_id"], "run": run, **summarise(per_op)}
        )
    existing = json.loads(pathlib.Path(out).read_text()) if pathlib.Path(out).exists() else {}
    existing.setdefault("results", []).extend(results)
    pathlib.Path(out).write_text(json.dumps(existing, indent=1))


def collect_metrics(log: str, out: str) -> None:
    """`METRIC name=value` lines, attributed to the firmware whose `--- NAME firmware` header
    precedes them, plus the budget verdicts of tests/steps/60-nostd.sh
    (`budget FIRMWARE:NAME = V <= LIMIT: ok` / `... > LIMIT: OVER BUDGET (known: WHY; ...)`)."""
    metrics: dict[tuple[str, str], dict] = {}
    budgets: dict[tuple[str, str], dict] = {}
    firmware = ""
    for line in pathlib.Path(log).read_text(errors="replace").splitlines():
        h = re.match(r"^--- (\w+) firmware", line)
        if h:
            firmware = h.group(1)
            continue
        b = re.search(r"budget (\w+):(\S+) = (\S+) (<=|>) (\d+)(?:: (.*))?", line)
        if b:
            fw, name, _v, _op, limit, verdict = b.groups()
            verdict = verdict or ""
            status = "ok" if verdict.startswith("ok") else (
                "over budget (known: " + verdict.split("known: ", 1)[1].split(";")[0] + ")"
                if "known:" in verdict else "over budget")
            budgets[(fw, name)] = {"budget": int(limit), "budget_status": status}
            continue
        m = re.search(r"^METRIC\s+([A-Za-z0-9_.:/-]+)=(\S+)", line)
        if m:
            name, value = m.groups()
            num = re.match(r"^(-?[0-9.]+)$", value)
            metrics[(firmware, name)] = {
                "firmware": firmware, "name": name,
                "value": float(num.group(1)) if num else value, "unit": unit_of(name)}
    for key, b in budgets.items():
        if key in metrics:
            metrics[key].update(b)
    existing = json.loads(pathlib.Path(out).read_text()) if pathlib.Path(out).exists() else {}
    existing["metrics"] = list(metrics.values())
    pathlib.Path(out).write_text(json.dumps(existing, indent=1))


def unit_of(name: str) -> str:
    n = name.lower()
    if "instr" in n or "insn" in n:
        return "instructions"
    if "cycle" in n:
        return "cycles"
    if any(k in n for k in ("flash", "stack", "ram", "bytes", "size", "text", "bss", "data")):
        return "bytes"
    return ""


def write_missing(family: str, title: str, reason: str, out: str) -> None:
    pathlib.Path(out).write_text(
        json.dumps({"family": family, "title": title, "status": "not run", "reason": reason}, indent=1)
    )


# ------------------------------------------------------------------ machine facts


def sh(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT).stdout.strip()
    except OSError:
        return ""


def machine() -> dict:
    lscpu = {}
    for line in sh("lscpu").splitlines():
        k, _, v = line.partition(":")
        lscpu[k.strip()] = v.strip()
    flags = lscpu.get("Flags", "").split()
    interesting = ["aes", "sha_ni", "pclmulqdq", "avx", "avx2", "avx512f", "avx512ifma", "bmi2", "adx", "vaes"]
    try:
        mem = int(pathlib.Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    except (OSError, ValueError, IndexError):
        mem = 0
    return {
        "cpu": lscpu.get("Model name", platform.processor() or "?"),
        "cores": lscpu.get("CPU(s)", str(os.cpu_count())),
        "hypervisor": lscpu.get("Hypervisor vendor", ""),
        "flags_relevant": [f for f in interesting if f in flags],
        "flags_all": flags,
        "memory_gib": mem,
        "kernel": platform.release(),
        "os": sh("sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"),
        "rustc": sh("rustc", "-V"),
        "cargo": sh("cargo", "-V"),
        "python": sys.version.split()[0],
        "loadavg": pathlib.Path("/proc/loadavg").read_text().split()[:3] if pathlib.Path("/proc/loadavg").exists() else [],
        "commit": sh("git", "rev-parse", "--short", "HEAD"),
        "dirty": bool(sh("git", "status", "--porcelain", "--untracked-files=no")),
    }


def cargo_lock_versions(names: list[str]) -> dict:
    import tomllib

    lock = tomllib.loads((ROOT / "Cargo.lock").read_text())
    found: dict[str, list[str]] = {}
    for p in lock.get("package", []):
        if p["name"] in names:
            found.setdefault(p["name"], []).append(p["version"])
    return {k: ", ".join(sorted(v)) for k, v in sorted(found.items())}


# ------------------------------------------------------------------ rendering

TARGETS = [
    # (family, description, kind, args, bound)
    ("rust", "HS256 verify+validate ≤ 2.5× a raw HMAC (ring)", "ratio_le",
     ("HS256/verify", "oxidc-ring", "raw-ring"), 2.5),
    ("rust", "HS256 verify+validate ≤ 2.5× a raw HMAC (RustCrypto)", "ratio_le",
     ("HS256/verify", "oxidc-rustcrypto", "raw-hmac-sha2"), 2.5),
    ("rust", "ES256 verify+validate with ring ≤ 1.1× raw ring verify", "ratio_le",
     ("ES256/verify", "oxidc-ring", "raw-ring"), 1.1),
    ("python", "Python HS256 verify ≥ 3× the fastest peer", "speedup_ge_fastest",
     ("HS256/verify", "oxidc"), 3.0),
    ("python", "Python HS256 mint ≥ 3× the fastest peer", "speedup_ge_fastest",
     ("HS256/mint", "oxidc"), 3.0),
    ("python", "Python ES256 verify ≥ 1.2× the fastest peer", "speedup_ge_fastest",
     ("ES256/verify", "oxidc"), 1.2),
    ("python", "Python ES256 mint ≥ 1.2× the fastest peer", "speedup_ge_fastest",
     ("ES256/mint", "oxidc"), 1.2),
    ("python", "Python HS256 verify ≥ 20× cryptojwt", "speedup_ge",
     ("HS256/verify", "oxidc", "cryptojwt"), 20.0),
    ("python", "Python ES256 verify ≥ 2.5× PyJWT", "speedup_ge", ("ES256/verify", "oxidc", "PyJWT"), 2.5),
    ("python", "Python ES256 verify ≥ 2.5× cryptojwt", "speedup_ge",
     ("ES256/verify", "oxidc", "cryptojwt"), 2.5),
    ("python", "Python ES256 mint ≥ 2.5× PyJWT", "speedup_ge", ("ES256/mint", "oxidc", "PyJWT"), 2.5),
    ("python", "Python ES256 mint ≥ 2.5× cryptojwt", "speedup_ge", ("ES256/mint", "oxidc", "cryptojwt"), 2.5),
    ("python", "Python token request parsing ≥ 10× idpyoidc", "speedup_ge",
     ("messages/token request (parse + verify)", "oxidc", "idpyoidc"), 10.0),
    ("python", "Python OIDC authorization request parsing ≥ 10× idpyoidc", "speedup_ge",
     ("messages/authorization request (parse + verify)", "oxidc", "idpyoidc"), 10.0),
    ("python", "idpyoidc token endpoint ≥ 2× requests/s with oxidc.idpyoidc.install() (ES256 ID token)",
     "speedup_ge", ("token-endpoint/ES256 ID token", "idpyoidc+oxidc", "idpyoidc"), 2.0),
    ("python", "idpyoidc token endpoint ≥ 2× requests/s with oxidc.idpyoidc.install() (RS256 ID token)",
     "speedup_ge", ("token-endpoint/RS256 ID token", "idpyoidc+oxidc", "idpyoidc"), 2.0),
    ("c", "C HS256 verify+validate ≥ 8× libjwt", "speedup_ge",
     ("HS256/verify", "oxidc", "libjwt"), 8.0),
    ("c", "C ES256 verify+validate ≥ 5× libjwt (issue 6)", "speedup_ge",
     ("ES256/verify", "oxidc", "libjwt"), 5.0),
    ("c", "C ES256 mint ≥ 10× libjwt (issue 6)", "speedup_ge",
     ("ES256/mint", "oxidc", "libjwt"), 10.0),
]

ORDER_RE = re.compile(r"^(HS256|ES256|RS256|PS256)/")


def fmt_time(ns: float) -> str:
    if math.isnan(ns):
        return "–"
    us = ns / 1000
    if us < 1:
        return f"{us:.2g} µs"
    if us >= 1000:
        return f"{us / 1000:.2f} ms"
    if us >= 100:
        return f"{us:.0f} µs"
    if us >= 10:
        return f"{us:.1f} µs"
    return f"{us:.2f} µs"


def fmt_us(ns: float) -> str:
    us = ns / 1000
    return f"{us:,.0f}" if us >= 100 else f"{us:.1f}" if us >= 10 else f"{us:.2f}"


def fmt_ops(ns: float) -> str:
    ops = 1e9 / ns
    return f"{ops / 1e6:.2f} M" if ops >= 1e6 else f"{ops / 1e3:.1f} k" if ops >= 1e3 else f"{ops:.0f}"


def is_ours(impl: str) -> bool:
    return impl.startswith("oxidc") or impl.endswith("+oxidc")


def load(results_dir: pathlib.Path) -> dict[str, dict]:
    fams = {}
    for f in sorted(results_dir.glob("*.json")):
        d = json.loads(f.read_text())
        fams[d.get("family", f.stem)] = d
    return fams


def rows_of(fam: dict, group: str) -> list[dict]:
    return [r for r in fam.get("results", []) if r["group"] == group]


def find(fam: dict, group: str, impl: str, run: str | None = None) -> dict | None:
    for r in rows_of(fam, group):
        if r["impl"] == impl and (run is None or r.get("run", "main") == run):
            return r
    return None


def groups_of(fam: dict) -> list[str]:
    seen: list[str] = []
    for r in fam.get("results", []):
        if r["group"] not in seen:
            seen.append(r["group"])
    return seen


def evaluate_targets(fams: dict) -> list[dict]:
    out = []
    for family, desc, kind, args, bound in TARGETS:
        fam = fams.get(family)
        row = {"target": desc, "family": family, "bound": bound}
        if not fam or fam.get("status", "ok") != "ok":
            why = (fam or {}).get("reason", "family not run")
            out.append({**row, "status": "not measured", "value": None, "detail": why})
            continue
        if kind == "ratio_le":
            group, ours, ref = args
            a, b = find(fam, group, ours, "main"), find(fam, group, ref, "main")
            if not a or not b:
                out.append({**row, "status": "not measured", "value": None, "detail": f"missing {ours} or {ref} in {group}"})
                continue
            v = a["median_ns"] / b["median_ns"]
            ok = v <= bound
            detail = f"{ours} {fmt_time(a['median_ns'])} / {ref} {fmt_time(b['median_ns'])}"
            miss = "" if ok else f"missed by {(v / bound - 1) * 100:.0f}% ({v:.2f}× vs ≤ {bound}×)"
            out.append({**row, "status": "met" if ok else "missed", "value": f"{v:.2f}×", "detail": detail, "miss": miss})
        elif kind in ("speedup_ge", "speedup_ge_fastest"):
            if kind == "speedup_ge":
                group, ours, ref = args
                a, b = find(fam, group, ours), find(fam, group, ref)
            else:
                group, ours = args
                a = find(fam, group, ours)
                peers = [r for r in rows_of(fam, group) if not is_ours(r["impl"])]
                b = min(peers, key=lambda r: r["median_ns"]) if peers else None
                ref = b["impl"] if b else "?"
            if not a or not b:
                out.append({**row, "status": "not measured", "value": None, "detail": f"no {ours} or peer rows in {group}"})
                continue
            v = b["median_ns"] / a["median_ns"]
            ok = v >= bound
            detail = f"{ref} {fmt_time(b['median_ns'])} / {ours} {fmt_time(a['median_ns'])}"
            miss = "" if ok else f"missed by {(1 - v / bound) * 100:.0f}% ({v:.2f}× vs ≥ {bound}×)"
            out.append({**row, "status": "met" if ok else "missed", "value": f"{v:.2f}×", "detail": detail, "miss": miss})
    return out


def ref_impls(fam: dict) -> list[str]:
    """The oxidc rows ratios are taken against (one column each)."""
    seen = []
    for r in fam.get("results", []):
        if is_ours(r["impl"]) and r["impl"] not in seen:
            seen.append(r["impl"])
    return seen


def table(fam: dict, group: str) -> list[str]:
    rows = rows_of(fam, group)
    refs = [i for i in ref_impls(fam) if any(r["impl"] == i for r in rows)]
    head = "| implementation | µs/op (median) | p25–p75 µs | ops/s |" + "".join(f" ÷ {r} |" for r in refs)
    lines = [head, "|---|---:|---:|---:|" + "---:|" * len(refs)]
    # Rows of secondary runs (another process, e.g. jsonwebtoken on aws-lc-rs) show only their
    # non-oxidc rows; their ratios use the oxidc rows of their own run.
    shown = [r for r in rows if r.get("run", "main") == "main" or not is_ours(r["impl"])]
    for r in sorted(shown, key=lambda r: r["median_ns"]):
        run = r.get("run", "main")
        mark = "" if run == "main" else " †"
        name = f"**{r['impl']}**" if is_ours(r["impl"]) else r["impl"]
        cells = [
            f"{name}{mark}",
            fmt_us(r["median_ns"]),
            f"{fmt_us(r['p25_ns'])}–{fmt_us(r['p75_ns'])}",
            fmt_ops(r["median_ns"]),
        ]
        for ref in refs:
            o = find(fam, group, ref, run)
            cells.append(f"{r['median_ns'] / o['median_ns']:.2f}" if o else "–")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


COLORS = {"ours": "#d9480f", "raw": "#868e96", "peer": "#1c7ed6"}


def kind_of(impl: str) -> str:
    return "ours" if is_ours(impl) else "raw" if impl.startswith("raw-") else "peer"


def chart(fam: dict, groups: list[str], path: pathlib.Path, title: str, unit: str = "µs/op") -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter, NullFormatter
    except ImportError:
        return False
    plt.rcParams["svg.hashsalt"] = "oxidc"
    plt.rcParams["svg.fonttype"] = "none"  # text stays text: small, diffable files
    groups = [g for g in groups if rows_of(fam, g)]
    if not groups:
        return False
    heights = [max(1, len(rows_of(fam, g))) * 0.32 + 0.7 for g in groups]
    fig, axes = plt.subplots(len(groups), 1, figsize=(8.5, sum(heights) + 0.6),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, g in zip(axes[:, 0], groups):
        rows = sorted(rows_of(fam, g), key=lambda r: -r["median_ns"])
        labels = [r["impl"] + ("" if r.get("run", "main") == "main" else " †") for r in rows]
        med = [r["median_ns"] / 1000 for r in rows]
        lo = [max(0.0, (r["median_ns"] - r["p25_ns"]) / 1000) for r in rows]
        hi = [max(0.0, (r["p75_ns"] - r["median_ns"]) / 1000) for r in rows]
        colors = [COLORS[kind_of(r["impl"])] for r in rows]
        y = range(len(rows))
        ax.barh(list(y), med, color=colors, xerr=[lo, hi], error_kw={"elinewidth": 0.8, "capsize": 2})
        ax.set_yticks(list(y), labels, fontsize=8)
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_time(v * 1000)))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_title(g, fontsize=9, loc="left")
        ax.tick_params(axis="x", labelsize=7)
        ax.grid(axis="x", which="both", alpha=0.25)
        for yi, m in zip(y, med):
            ax.text(m * 1.08, yi, fmt_time(m * 1000), va="center", fontsize=7)
        ax.set_xlim(min(med) / 1.6, max(med) * 4)
    axes[-1, 0].set_xlabel(f"{unit}, median (bars: p25–p75), log scale — shorter is faster", fontsize=8)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, metadata={"Date": None})
    if os.environ.get("OXIDC_REPORT_PNG"):  # a raster copy to look at, under target/
        preview = ROOT / "target" / "bench-report-png"
        preview.mkdir(parents=True, exist_ok=True)
        fig.savefig(preview / (path.stem + ".png"), dpi=80)
    plt.close(fig)
    return True


def sort_groups(groups: list[str]) -> list[str]:
    ops = ["verify", "verify-parse-key", "mint", "mint-parse-key"]

    algs = ["HS256", "ES256", "RS256", "PS256"]

    def key(g: str):
        alg, _, op = g.partition("/")
        return (ops.index(op) if op in ops else 99, algs.index(alg) if alg in algs else 99, g)

    return sorted(groups, key=key)


def render(results_dir: str, out_dir: str) -> None:
    rd, od = pathlib.Path(results_dir), pathlib.Path(out_dir)
    (od / "charts").mkdir(parents=True, exist_ok=True)
    fams = load(rd)
    meta = json.loads((rd / "run.meta").read_text()) if (rd / "run.meta").exists() else {}
    m = machine()
    lines: list[str] = []
    w = lines.append
    w("# oxidc against its peers")
    w("")
    w(f"Generated by `{meta.get('command', 'benches/run')}` ({meta.get('mode', '?')} mode) on "
      f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC at commit "
      f"`{meta.get('commit', m['commit'])}`"
      f"{' (with uncommitted changes)' if meta.get('dirty', m['dirty']) else ''}, in {meta.get('seconds', '?')} s. "
      "Every number below comes from that one command on this machine; rerun it to refresh this "
      "file and its charts.")
    w("")
    w("Peers are measured in the same process as oxidc, interleaved operation by operation, on "
      "the same idpyoidc-shaped access token (~650 bytes of claims) and fixed keys. Each "
      "sample's time per operation is one observation: *median* and *p25–p75* are over those "
      "samples. Times are CPU time of the measuring thread or process (this machine is shared; "
      "wall time would also count other processes' turns on its cores). `÷ oxidc-…` is the "
      "row's median divided by oxidc's in the same run: above 1 means slower than oxidc.")
    w("")
    w("## Targets")
    w("")
    w("| target | measured | status | from |")
    w("|---|---:|---|---|")
    targets = evaluate_targets(fams)
    for t in targets:
        status = {"met": "met", "missed": f"**missed** — {t.get('miss', '')}"}.get(t["status"], t["status"])
        w(f"| {t['target']} | {t['value'] or '–'} | {status} | {t['detail']} |")
    w("")
    w("## Machine")
    w("")
    w(f"- CPU: {m['cpu']} ({m['cores']} cores{', ' + m['hypervisor'] + ' guest' if m['hypervisor'] else ''}), "
      f"{m['memory_gib']} GiB; load average at the end {' '.join(m['loadavg'])} (a shared machine: expect noise)")
    w(f"- CPU flags that matter here: {', '.join(m['flags_relevant']) or 'none'} "
      f"(all {len(m['flags_all'])} flags: `target/bench-results/{meta.get('mode', 'quick')}/machine.json`)")
    w(f"- OS: {m['os']}, kernel {m['kernel']}; {m['rustc']}; Python {m['python']}")
    w("")
    versions = {}
    for fam in fams.values():
        versions.update(fam.get("versions", {}))
    if versions:
        w("| component | version |")
        w("|---|---|")
        for k, v in sorted(versions.items(), key=lambda kv: kv[0].lower()):
            w(f"| {k} | {v} |")
        w("")
    family_order = ["rust", "python", "c", "nostd"]
    titles = {"rust": "Rust (criterion)", "python": "Python", "c": "C (liboxidc vs libjwt)",
              "nostd": "Bare metal (QEMU, Cortex-M4)"}
    charts_made = []
    for name in family_order + sorted(set(fams) - set(family_order)):
        fam = fams.get(name)
        w(f"## {fam.get('title') if fam and fam.get('title') else titles.get(name, name)}")
        w("")
        if not fam or fam.get("status", "ok") != "ok":
            w(f"Not run (missing: {(fam or {}).get('reason', 'no results')}).")
            w("")
            continue
        if fam.get("command"):
            w(f"Command: `{fam['command']}`")
            w("")
        for note in fam.get("notes", []):
            w(f"- {note}")
        if fam.get("notes"):
            w("")
        groups = sort_groups(groups_of(fam)) if name == "rust" else groups_of(fam)
        if name == "rust":
            for title, sel in (("verify+validate, key parsed once", "verify"),
                               ("verify+validate, key parsed on every call", "verify-parse-key"),
                               ("mint, key parsed once", "mint"),
                               ("mint, key parsed on every call", "mint-parse-key")):
                gs = [g for g in groups if g.split("/", 1)[1] == sel]
                if not gs:
                    continue
                path = od / "charts" / f"rust-{sel}.svg"
                if chart(fam, gs, path, f"Rust: {title}"):
                    charts_made.append(path.name)
                    w(f"![Rust {title}](charts/{path.name})")
                    w("")
                for g in gs:
                    w(f"### {g}")
                    w("")
                    lines.extend(table(fam, g))
                    w("")
        elif fam.get("results"):
            jose = [g for g in groups if ORDER_RE.match(g)]
            parts = [(f"{name}-jwt", jose, "JWT verify and mint"),
                     (f"{name}-other", [g for g in groups if g not in jose], "idpyoidc messages and token endpoint")]
            for stem, gs, sub in parts:
                if not gs:
                    continue
                path = od / "charts" / f"{stem}.svg"
                title = titles.get(name, name) + (f": {sub}" if sub else "")
                if chart(fam, gs, path, title, fam.get("unit", "µs/op")):
                    charts_made.append(path.name)
                    w(f"![{title}](charts/{path.name})")
                    w("")
                for g in gs:
                    w(f"### {g}")
                    w("")
                    lines.extend(table(fam, g))
                    w("")
        if fam.get("metrics"):
            w("| firmware | metric | value | unit | budget |")
            w("|---|---|---:|---|---|")
            for mt in fam["metrics"]:
                v = mt["value"]
                vs = f"{v:,.0f}" if isinstance(v, float) and v == int(v) else str(v)
                bud = f"≤ {mt['budget']:,}: {mt['budget_status']}" if "budget" in mt else ""
                w(f"| {mt.get('firmware', '')} | {mt['name']} | {vs} | {mt.get('unit', '')} | {bud} |")
            w("")
    notes = pathlib.Path(__file__).parent / "NOTES.md"
    w("## Closing notes")
    w("")
    missed = [t for t in targets if t["status"] == "missed"]
    if missed:
        w("Targets missed in this run: " + "; ".join(f"{t['target']} ({t['miss']})" for t in missed) + ".")
    else:
        w("No measured target was missed in this run.")
    unmeasured = [t for t in targets if t["status"] == "not measured"]
    if unmeasured:
        w("")
        w("Not measured: " + "; ".join(f"{t['target']} ({t['detail']})" for t in unmeasured) + ".")
    w("")
    if notes.exists():
        w(notes.read_text().strip())
        w("")
    (od / "REPORT.md").write_text("\n".join(lines) + "\n")
    (rd / "machine.json").write_text(json.dumps(m, indent=1))
    (od / "results.json").write_text(json.dumps(
        {"meta": meta, "machine": {k: v for k, v in m.items() if k != "flags_all"},
         "targets": targets, "families": fams}, indent=1, default=str))
    print(f"wrote {od / 'REPORT.md'} and {len(charts_made)} charts")


def selftest() -> None:
    """Checks the statistics and the target logic on made-up rows (run by the test step)."""
    assert percentile([1, 2, 3, 4], 0.5) == 2.5 and percentile([5], 0.25) == 5
    assert summarise([4.0, 1.0, 3.0, 2.0, 5.0])["median_ns"] == 3.0
    r = lambda g, i, ns, run="main": {"group": g, "impl": i, "run": run, "median_ns": ns, "p25_ns": ns, "p75_ns": ns, "samples": 1}
    fams = {
        "rust": {"family": "rust", "status": "ok", "results": [
            r("HS256/verify", "oxidc-ring", 2000), r("HS256/verify", "raw-ring", 1000),
            r("ES256/verify", "oxidc-ring", 60000), r("ES256/verify", "raw-ring", 50000)]},
        "python": {"family": "python", "status": "ok", "results": [
            r("HS256/verify", "oxidc", 1000), r("HS256/verify", "PyJWT", 2000), r("HS256/verify", "cryptojwt", 9000)]},
        "c": {"family": "c", "status": "not run", "reason": "benches/c/run.sh is not in this tree yet"},
    }
    t = {x["target"]: x for x in evaluate_targets(fams)}
    hs = t["HS256 verify+validate ≤ 2.5× a raw HMAC (ring)"]
    assert hs["status"] == "met" and hs["value"] == "2.00×", hs
    es = t["ES256 verify+validate with ring ≤ 1.1× raw ring verify"]
    assert es["status"] == "missed" and "missed by 9%" in es["miss"], es
    py = t["Python HS256 verify ≥ 3× the fastest peer"]
    assert py["status"] == "missed" and py["value"] == "2.00×" and "PyJWT" in py["detail"], py
    c = t["C HS256 verify+validate ≥ 8× libjwt"]
    assert c["status"] == "not measured" and "not in this tree" in c["detail"], c
    assert t["HS256 verify+validate ≤ 2.5× a raw HMAC (RustCrypto)"]["status"] == "not measured"
    lines = table(fams["rust"], "HS256/verify")
    assert lines[2].startswith("| raw-ring | 1.00 | 1.00–1.00 | 1.00 M | 0.50"), lines
    print("report.py selftest: ok")


def main(argv: list[str]) -> None:
    cmd, *args = argv
    if cmd == "criterion":
        collect_criterion(*args)
    elif cmd == "metrics":
        collect_metrics(*args)
    elif cmd == "init":
        family, title, command, out, *notes = args
        pathlib.Path(out).write_text(json.dumps(
            {"family": family, "title": title, "status": "ok", "command": command,
             "notes": notes, "results": []}, indent=1))
    elif cmd == "note":
        out, *notes = args
        d = json.loads(pathlib.Path(out).read_text())
        d.setdefault("notes", []).extend(notes)
        pathlib.Path(out).write_text(json.dumps(d, indent=1))
    elif cmd == "missing":
        write_missing(*args)
    elif cmd == "versions":
        out, *names = args
        d = json.loads(pathlib.Path(out).read_text()) if pathlib.Path(out).exists() else {}
        d.setdefault("versions", {}).update(cargo_lock_versions(names))
        pathlib.Path(out).write_text(json.dumps(d, indent=1))
    elif cmd == "render":
        render(*args)
    elif cmd == "selftest":
        selftest()
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
