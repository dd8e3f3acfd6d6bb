"""Requests per second of an unmodified idpyoidc 5.0.0 token endpoint (authorization_code +
client_secret_basic + PKCE, ES256 access/refresh tokens, ES256 or RS256 ID token), without and
with oxidc.idpyoidc.install(). Codes are minted beforehand; only parse_request + process_request
of the token endpoint are timed (CPU time of this thread). Rounds alternate without/with the
adapter so both see the same machine; OXIDC_BENCH_JSON=path adds the results to the Python
family file that benches/run renders."""

import os
import pathlib
import sys
import time
from urllib.parse import urlencode

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "bindings" / "python" / "tests"))
sys.path.insert(0, str(HERE))

import oxidc.idpyoidc as adapter  # noqa: E402
from benchjson import MODE, Family, print_group  # noqa: E402
from idp_setup import OP, REDIRECT_URI, VERIFIER  # noqa: E402

ROUNDS, N = {"tiny": (2, 5), "quick": (10, 50), "full": (30, 100)}.get(MODE, (10, 50))
N = int(os.environ.get("N_REQUESTS", N))


def batch(op, n):
    """CPU ns per request over n token requests."""
    codes = [op.authorize("rp_basic") for _ in range(n)]
    headers = op.basic_headers("rp_basic")
    bodies = [urlencode({"grant_type": "authorization_code", "code": c, "code_verifier": VERIFIER,
                         "redirect_uri": REDIRECT_URI}) for c in codes]
    start = time.thread_time()
    for body in bodies:
        req = op.token_ep.parse_request(body, http_info=headers)
        resp = op.token_ep.process_request(req, http_info=headers)
        assert "error" not in resp, resp
    return (time.thread_time() - start) / n * 1e9


def main():
    fam = Family()
    for id_alg in ("ES256", "RS256"):
        op = OP(id_token_alg=id_alg)
        batch(op, 3)  # warm up both paths
        adapter.install()
        batch(op, 3)
        adapter.uninstall()
        samples = {"idpyoidc": [], "idpyoidc+oxidc": []}
        for r in range(ROUNDS):
            for with_adapter in ((False, True) if r % 2 == 0 else (True, False)):
                if with_adapter:
                    adapter.install()
                samples["idpyoidc+oxidc" if with_adapter else "idpyoidc"].append(batch(op, N))
                if with_adapter:
                    adapter.uninstall()
        group = f"token-endpoint/{id_alg} ID token"
        fam.add(group, samples)
        print_group(group, samples, ours="idpyoidc+oxidc")
    fam.note("token-endpoint: one request = idpyoidc's Token.parse_request + process_request "
             "(authorization_code, client_secret_basic, PKCE; ES256 access and refresh tokens); "
             "ops/s there is requests per second of one core.")
    fam.save()


if __name__ == "__main__":
    main()
