"""Regenerate every vector folder owned by these generators:

    /work/venvs/gen/bin/python tests/vectors/generators/gen_all.py

(tests/vectors/opaque/ and tests/vectors/grant/; existing *.json files there are replaced.)
"""

import logging
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)

logging.disable(logging.CRITICAL)  # idpyoidc logs every rejected token at ERROR level


def check_versions():
    from importlib.metadata import version

    want = {"idpyoidc": "5.0.0", "cryptojwt": "1.11.0"}
    for pkg, ver in want.items():
        have = version(pkg)
        if have != ver:
            sys.exit(f"{pkg} {have} installed, {ver} required (see requirements.txt)")


def main():
    check_versions()
    import gen_grant
    import gen_opaque

    gen_opaque.main()
    gen_grant.main()


if __name__ == "__main__":
    main()
