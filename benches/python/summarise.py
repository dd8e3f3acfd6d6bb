"""Medians across the runs before_after.sh writes: per group, oxidc against the fastest peer
(ratio per run too), cryptojwt and PyJWT; and the token endpoint's with/without ratio."""

import json, glob, re, statistics, collections, sys
root = sys.argv[1] if len(sys.argv) > 1 else "target/bench-runs"
groups = ["HS256/verify", "HS256/mint", "ES256/verify", "ES256/mint", "RS256/verify", "RS256/mint", "HS256/verify floor"]
for which in ("before", "after"):
    files = sorted(glob.glob(f"{root}/{which}-[0-9].json"))
    print(f"### {which}: {len(files)} runs of benches/python/compare.py (quick mode)")
    per = collections.defaultdict(list)  # (group, impl) -> medians
    for f in files:
        for r in json.load(open(f))["results"]:
            per[(r["group"], r["impl"])].append(r["median_ns"])
    for g in groups:
        impls = {i: statistics.median(v) for (gg, i), v in per.items() if gg == g}
        if not impls: continue
        ox = impls.get("oxidc")
        peers = {i: m for i, m in impls.items() if not i.startswith("oxidc") and not i.startswith("pyo3")}
        fastest = min(peers, key=peers.get) if peers else None
        line = f"{g:20s} oxidc {ox/1000:7.2f} µs" if ox else f"{g:20s}"
        if fastest and ox:
            line += f" | fastest peer {fastest} {peers[fastest]/1000:7.2f} µs → ×{peers[fastest]/ox:.2f}"
            runs = [per[(g, fastest)][k] / per[(g, 'oxidc')][k] for k in range(min(len(per[(g, fastest)]), len(per[(g, 'oxidc')])))]
            line += "  (per run: " + " ".join(f"{x:.2f}" for x in runs) + ")"
        if "cryptojwt" in peers and ox:
            line += f" | cryptojwt ×{peers['cryptojwt']/ox:.1f}"
        if "PyJWT" in peers and ox:
            line += f" | PyJWT ×{peers['PyJWT']/ox:.1f}"
        print(line)
        if g == "HS256/verify floor":
            for i, m in sorted(impls.items(), key=lambda kv: kv[1]): print(f"    {i:38s} {m/1000:7.2f} µs")
    tep = collections.defaultdict(list)
    for f in sorted(glob.glob(f"{root}/{which}-[0-9]-tep.txt")):
        txt = open(f).read()
        for grp in re.findall(r"token-endpoint/(\S+) ID token.*?\n  (\S+)\s+([\d.]+).*?\n  (\S+)\s+([\d.]+)", txt, re.S):
            alg, n1, v1, n2, v2 = grp
            d = {n1: float(v1), n2: float(v2)}
            tep[alg].append(d["idpyoidc"] / d["idpyoidc+oxidc"])
    for alg, rs in tep.items():
        print(f"token endpoint {alg} ID token: with/without req/s ×{statistics.median(rs):.2f} (runs: {' '.join(f'{r:.2f}' for r in rs)})")
