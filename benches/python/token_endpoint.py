"""Requests per second of an unmodified idpyoidc 5.0.0 token endpoint (authorization_code +
client_secret_basic + PKCE, ES256 access/refresh tokens, ES256 or RS256 ID token), without and
with oxidc.idpyoidc.install(). Codes are minted beforehand; only parse_request + process_request
of the token endpoint are timed."""

import os
import pathlib
import sys
import time
from urllib.parse import urlencode

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "bindings" / "python" / "tests"))

import oxidc.idpyoidc as adapter  # noqa: E402
from idp_setup import OP, REDIRECT_URI, VERIFIER  # noqa: E402

N = int(os.environ.get("N_REQUESTS", "300"))


def run(op, n):
    codes = [op.authorize("rp_basic") for _ in range(n)]
    headers = op.basic_headers("rp_basic")
    bodies = [urlencode({"grant_type": "authorization_code", "code": c, "code_verifier": VERIFIER,
                         "redirect_uri": REDIRECT_URI}) for c in codes]
    start = time.perf_counter()
    for body in bodies:
        req = op.token_ep.parse_request(body, http_info=headers)
        resp = op.token_ep.process_request(req, http_info=headers)
        assert "error" not in resp, resp
    return n / (time.perf_counter() - start)


def main():
    for id_alg in ("ES256", "RS256"):
        op = OP(id_token_alg=id_alg)
        run(op, 20)
        base = run(op, N)
        adapter.install()
        run(op, 20)
        fast = run(op, N)
        adapter.uninstall()
        print(f"token endpoint, ES256 access token, {id_alg} ID token: "
              f"{base:7.0f} req/s without, {fast:7.0f} req/s with the adapter (×{fast / base:.2f})")


if __name__ == "__main__":
    main()
