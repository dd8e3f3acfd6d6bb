"""A small idpyoidc 5.0.0 OP and an RP, in process (no network), for the adapter tests and the
token-endpoint benchmark.

The OP (configured like idpyoidc's own token-endpoint tests) issues opaque Fernet codes, JWT
access and refresh tokens (ES256, idpyoidc's default) and ID tokens (ES256 or RS256); it
authenticates clients with client_secret_basic and private_key_jwt, supports PKCE, userinfo and
introspection. The RP side uses idpyoidc's and cryptojwt's own client code: client assertions
from cryptojwt's JWT, ID-token verification with idpyoidc's ``IdToken.from_jwt`` + ``verify``
against the OP's published JWKS.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from urllib.parse import urlencode

from cryptojwt.jwk.ec import new_ec_key
from cryptojwt.jwt import JWT
from cryptojwt.key_jar import KeyJar
from idpyoidc.message.oidc import AuthorizationRequest, IdToken
from idpyoidc.server import Server
from idpyoidc.server.authn_event import create_authn_event
from idpyoidc.server.authz import AuthzHandling
from idpyoidc.server.client_authn import verify_client
from idpyoidc.server.configure import OPConfiguration
from idpyoidc.server.oidc.authorization import Authorization
from idpyoidc.server.oidc.token import Token
from idpyoidc.server.oidc.userinfo import UserInfo as UserInfoEndpoint
from idpyoidc.server.oauth2.introspection import Introspection
from idpyoidc.server.user_authn.authn_context import INTERNETPROTOCOLPASSWORD
from idpyoidc.server.user_info import UserInfo

ISSUER = "https://op.example/"
REDIRECT_URI = "https://rp.example/cb"
SECRET = "a-client-secret-of-some-length"
VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=").decode()

GRANT_CONFIG = {
    "usage_rules": {
        "authorization_code": {
            "expires_in": 300,
            "supports_minting": ["access_token", "refresh_token", "id_token"],
            "max_usage": 1,
        },
        "access_token": {"expires_in": 600},
        "refresh_token": {"expires_in": 86400, "supports_minting": ["access_token", "refresh_token"]},
    },
    "expires_in": 43200,
}


class OP:
    """The OP plus the RP-side helpers (client assertions, ID-token checks)."""

    def __init__(self, id_token_alg: str = "ES256", workdir: str | None = None) -> None:
        self.workdir = workdir or tempfile.mkdtemp(prefix="oxidc-op-")
        conf = {
            "issuer": ISSUER,
            "httpc_params": {"verify": False},
            "preference": {
                "subject_types_supported": ["public", "pairwise"],
                "grant_types_supported": ["authorization_code", "refresh_token"],
                "id_token_signing_alg_values_supported": [id_token_alg],
            },
            "keys": {
                "private_path": os.path.join(self.workdir, "jwks.json"),
                "key_defs": [
                    {"type": "RSA", "use": ["sig"]},
                    {"type": "EC", "crv": "P-256", "use": ["sig"]},
                ],
                "read_only": False,
            },
            "token_handler_args": {
                "code": {"lifetime": 600, "kwargs": {"crypt_conf": {"kwargs": {"key": os.urandom(32)}}}},
                "token": {
                    "class": "idpyoidc.server.token.jwt_token.JWTToken",
                    "kwargs": {"lifetime": 3600, "alg": "ES256"},
                },
                "refresh": {
                    "class": "idpyoidc.server.token.jwt_token.JWTToken",
                    "kwargs": {"lifetime": 86400, "alg": "ES256"},
                },
                "id_token": {"class": "idpyoidc.server.token.id_token.IDToken", "kwargs": {}},
            },
            "endpoint": {
                "authorization": {"path": "authorization", "class": Authorization, "kwargs": {}},
                "token": {
                    "path": "token",
                    "class": Token,
                    "kwargs": {"client_authn_method": ["client_secret_basic", "private_key_jwt"]},
                },
                "userinfo": {"path": "userinfo", "class": UserInfoEndpoint, "kwargs": {}},
                "introspection": {
                    "path": "introspection",
                    "class": Introspection,
                    "kwargs": {"client_authn_method": ["client_secret_basic"]},
                },
            },
            "add_on": {
                "pkce": {
                    "function": "idpyoidc.server.oauth2.add_on.pkce.add_support",
                    "kwargs": {"essential": False, "code_challenge_method": "S256"},
                }
            },
            "authentication": {
                "anon": {
                    "acr": INTERNETPROTOCOLPASSWORD,
                    "class": "idpyoidc.server.user_authn.user.NoAuthn",
                    "kwargs": {"user": "diana"},
                }
            },
            "userinfo": {
                "class": UserInfo,
                "kwargs": {"db": {"diana": {"sub": "diana", "name": "Diana Krall",
                                            "email": "diana@example.org"}}},
            },
            "client_authn": verify_client,
            "template_dir": "template",
            "authz": {"class": AuthzHandling, "kwargs": {"grant_config": GRANT_CONFIG}},
            "session_params": {"encrypter": {"kwargs": {"key": os.urandom(32), "salt": "s"}}},
        }
        self.server = Server(OPConfiguration(conf=conf, base_path=self.workdir), cwd=self.workdir)
        self.ctx = self.server.context
        self.token_ep = self.server.get_endpoint("token")
        self.authz_ep = self.server.get_endpoint("authorization")
        self.userinfo_ep = self.server.get_endpoint("userinfo")
        self.introspection_ep = self.server.get_endpoint("introspection")
        # RP: a P-256 key for private_key_jwt, and the OP's public keys for ID tokens.
        self.rp_key = new_ec_key("P-256", use="sig")
        self.rp_jar = KeyJar()
        self.rp_jar.add_keys("", [self.rp_key])
        self.rp_jar.import_jwks(self.ctx.keyjar.export_jwks(issuer_id=""), ISSUER)
        self.rp_jar.import_jwks(self.ctx.keyjar.export_jwks(issuer_id=""), ISSUER.rstrip("/"))
        common = {
            "redirect_uris": [(REDIRECT_URI, None)],
            "response_types": ["code"],
            "allowed_scopes": ["openid", "profile", "email", "offline_access"],
            "id_token_signed_response_alg": id_token_alg,
            "client_salt": "salted",
        }
        self.ctx.cdb["rp_basic"] = dict(common, client_id="rp_basic", client_secret=SECRET,
                                        token_endpoint_auth_method="client_secret_basic")
        self.ctx.cdb["rp_jwt"] = dict(common, client_id="rp_jwt", client_secret=SECRET,
                                      token_endpoint_auth_method="private_key_jwt")
        self.ctx.keyjar.import_jwks({"keys": [self.rp_key.serialize()]}, "rp_jwt")

    # ------------------------------------------------------------------ authorization
    def authorize(self, client_id: str, scope: str = "openid offline_access email") -> str:
        areq = AuthorizationRequest(
            client_id=client_id, redirect_uri=REDIRECT_URI, scope=scope, state="STATE",
            response_type="code", nonce="N0NCE", code_challenge=CHALLENGE,
            code_challenge_method="S256",
        )
        ae = create_authn_event("diana", authn_info=INTERNETPROTOCOLPASSWORD)
        sid = self.ctx.session_manager.create_session(
            authn_event=ae, auth_req=areq, user_id="diana", client_id=client_id,
            token_usage_rules=self.ctx.authz.usage_rules(client_id),
        )
        return self.authz_ep.post_authentication(areq, sid)["response_args"]["code"]

    # ------------------------------------------------------------------ client authentication
    def basic_headers(self, client_id: str = "rp_basic") -> dict:
        cred = base64.b64encode(f"{client_id}:{SECRET}".encode()).decode()
        return {"headers": {"authorization": f"Basic {cred}"}}

    def client_assertion(self, client_id: str = "rp_jwt") -> dict:
        signer = JWT(self.rp_jar, iss=client_id, lifetime=60, sign_alg="ES256")
        signer.with_jti = True
        assertion = signer.pack({"sub": client_id}, aud=[self.token_ep.full_path])
        return {
            "client_assertion": assertion,
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        }

    # ------------------------------------------------------------------ endpoints
    def _call(self, endpoint, body, http_info=None):
        req = endpoint.parse_request(body, http_info=http_info)
        if "error" in req:
            return dict(req)
        resp = endpoint.process_request(req, http_info=http_info)
        if "error" in resp:
            return dict(resp)
        args = resp.get("response_args", resp)
        return json.loads(args.to_json()) if hasattr(args, "to_json") else dict(args)

    def token(self, client_id: str, **body) -> dict:
        body.setdefault("redirect_uri", REDIRECT_URI)
        if client_id == "rp_jwt":
            body.update(self.client_assertion())
            return self._call(self.token_ep, urlencode(body))
        return self._call(self.token_ep, urlencode(body), self.basic_headers(client_id))

    def code_flow(self, client_id: str) -> dict:
        code = self.authorize(client_id)
        return self.token(client_id, grant_type="authorization_code", code=code,
                          code_verifier=VERIFIER)

    def refresh(self, client_id: str, refresh_token: str) -> dict:
        body = {"grant_type": "refresh_token", "refresh_token": refresh_token}
        if client_id == "rp_jwt":
            body.update(self.client_assertion())
            return self._call(self.token_ep, urlencode(body))
        return self._call(self.token_ep, urlencode(body), self.basic_headers(client_id))

    def userinfo(self, access_token: str) -> dict:
        return self._call(self.userinfo_ep, {},
                          {"headers": {"authorization": f"Bearer {access_token}"}})

    def introspect(self, token: str) -> dict:
        return self._call(self.introspection_ep, urlencode({"token": token}),
                          self.basic_headers())

    def rp_verify_id_token(self, id_token: str, client_id: str) -> dict:
        msg = IdToken().from_jwt(id_token, keyjar=self.rp_jar)
        msg.verify(keyjar=self.rp_jar, iss=ISSUER, client_id=client_id, skew=30)
        return msg.to_dict()
