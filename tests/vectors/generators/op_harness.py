"""An in-process idpyoidc 5.0.0 OP / AS used by gen_grant.py.

The OP is configured like idpyoidc's own tests/test_server_35_oidc_token_endpoint.py (the
configuration GRANTS.md §6/§7 was verified with), with three deterministic changes:

* the code handler, the session manager and the cookie handler use fixed keys;
* access and refresh tokens are JWTToken with alg RS256 (deterministic signatures) instead of
  the default ES256 (randomised ECDSA signatures), signed with the fixed RSA key in
  fixed_op_keys.json;
* time, randomness and uuids are frozen by common.Determinism.
"""

import copy
import json
import os
from urllib.parse import urlencode

from common import Determinism
from common import exc_name
from common import fixed_bytes
from common import import_idpyoidc

import_idpyoidc()

from cryptojwt.jwk.hmac import SYMKey  # noqa: E402

from idpyoidc.message import Message  # noqa: E402
from idpyoidc.server import Server  # noqa: E402
from idpyoidc.server.authn_event import create_authn_event  # noqa: E402
from idpyoidc.server.authz import AuthzHandling  # noqa: E402
from idpyoidc.server.client_authn import verify_client  # noqa: E402
from idpyoidc.server.configure import ASConfiguration  # noqa: E402
from idpyoidc.server.configure import OPConfiguration  # noqa: E402
from idpyoidc.server.cookie_handler import CookieHandler  # noqa: E402
from idpyoidc.server.session.grant import Grant  # noqa: E402
from idpyoidc.server.user_authn.authn_context import INTERNETPROTOCOLPASSWORD  # noqa: E402
from idpyoidc.server.user_info import UserInfo  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
KEYFILE = os.path.join(HERE, "fixed_op_keys.json")

T0 = 1795420800  # authorization time of every grant (2026-11-22T08:00:00Z)

CLIENT_SECRETS = {"client_1": "hemligt-client-1-secret", "client_2": "hemligt-client-2-secret"}
REDIRECT_URI = "https://example.com/cb"

# GRANTS.md §6 / test_server_35 grant configuration
OIDC_GRANT_CONFIG = {
    "usage_rules": {
        "authorization_code": {
            "expires_in": 300,
            "supports_minting": ["access_token", "refresh_token", "id_token"],
            "max_usage": 1,
        },
        "access_token": {"expires_in": 600},
        "refresh_token": {
            "expires_in": 86400,
            "supports_minting": ["access_token", "refresh_token"],
        },
    },
    "expires_in": 43200,
}

# test_server_24_oauth2_token_endpoint grant configuration
OAUTH2_GRANT_CONFIG = {
    "usage_rules": {
        "authorization_code": {
            "expires_in": 300,
            "supports_minting": ["access_token", "refresh_token"],
            "max_usage": 1,
        },
        "access_token": {"expires_in": 600},
        "refresh_token": {
            "expires_in": 86400,
            "supports_minting": ["access_token", "refresh_token"],
        },
    },
    "expires_in": 43200,
}

CODE_KEY = fixed_bytes("oxidc grant vectors: code handler key", 32)
REFRESH_KEY = fixed_bytes("oxidc grant vectors: opaque refresh handler key", 32)
SESSION_KEY = fixed_bytes("oxidc grant vectors: session manager key", 32)
SESSION_SALT = "oxidc-sub-salt"
COOKIE_SIGN_KEY = fixed_bytes("oxidc grant vectors: cookie sign key", 32)
COOKIE_ENC_KEY = fixed_bytes("oxidc grant vectors: cookie enc key", 32)


def token_handler_args(profile, refresh="jwt"):
    args = {
        "code": {"lifetime": 600, "kwargs": {"crypt_conf": {"kwargs": {"key": CODE_KEY}}}},
        "token": {
            "class": "idpyoidc.server.token.jwt_token.JWTToken",
            "kwargs": {"lifetime": 3600, "alg": "RS256"},
        },
    }
    if refresh == "jwt":
        args["refresh"] = {
            "class": "idpyoidc.server.token.jwt_token.JWTToken",
            "kwargs": {"lifetime": 86400, "alg": "RS256"},
        }
    elif refresh == "opaque-same-key":
        args["refresh"] = {"lifetime": 86400, "kwargs": {"crypt_conf": {"kwargs": {"key": CODE_KEY}}}}
    elif refresh == "opaque":
        args["refresh"] = {
            "lifetime": 86400,
            "kwargs": {"crypt_conf": {"kwargs": {"key": REFRESH_KEY}}},
        }
    if profile == "oidc":
        args["id_token"] = {"class": "idpyoidc.server.token.id_token.IDToken", "kwargs": {}}
    return args


def describe_token_handlers(profile, refresh="jwt"):
    d = {
        "authorization_code": {"class": "DefaultToken", "lifetime": 600, "key_hex": CODE_KEY.hex()},
        "access_token": {"class": "JWTToken", "alg": "RS256", "lifetime": 3600},
    }
    if refresh == "jwt":
        d["refresh_token"] = {"class": "JWTToken", "alg": "RS256", "lifetime": 86400}
    elif refresh == "opaque-same-key":
        d["refresh_token"] = {"class": "DefaultToken", "lifetime": 86400, "key_hex": CODE_KEY.hex()}
    else:
        d["refresh_token"] = {"class": "DefaultToken", "lifetime": 86400, "key_hex": REFRESH_KEY.hex()}
    if profile == "oidc":
        d["id_token"] = {"class": "IDToken", "alg": "RS256", "lifetime": 300}
    return d


class Harness:
    def __init__(
        self,
        seed,
        profile="oidc",
        grant_config=None,
        client_extra=None,
        token_kwargs=None,
        refresh="jwt",
        preference_grant_types=None,
    ):
        self.profile = profile
        self.refresh = refresh
        self.det = Determinism(seed="grant:" + seed, now=T0)
        self.det.__enter__()
        if grant_config is None:
            grant_config = OIDC_GRANT_CONFIG if profile == "oidc" else OAUTH2_GRANT_CONFIG
        self.grant_config = copy.deepcopy(grant_config)
        self.token_kwargs = dict(token_kwargs or {})
        self.token_kwargs.setdefault("client_authn_method", ["client_secret_post"])
        if preference_grant_types is None:
            preference_grant_types = ["authorization_code", "implicit", "refresh_token"]
        self.preference_grant_types = preference_grant_types

        if profile == "oidc":
            from idpyoidc.server.oidc.authorization import Authorization
            from idpyoidc.server.oidc.token import Token

            conf_cls = OPConfiguration
        else:
            from idpyoidc.server.oauth2.authorization import Authorization
            from idpyoidc.server.oauth2.token import Token

            conf_cls = ASConfiguration

        conf = {
            "issuer": "https://example.com/",
            "httpc_params": {"verify": False},
            "preference": {
                "subject_types_supported": ["public", "pairwise"],
                "grant_types_supported": preference_grant_types,
            },
            "keys": {
                "private_path": KEYFILE,
                "key_defs": [{"type": "RSA", "use": ["sig"]}],
                "read_only": True,
            },
            "token_handler_args": token_handler_args(profile, refresh),
            "cookie_handler": {
                "class": CookieHandler,
                "kwargs": {
                    "sign_key": SYMKey(key=COOKIE_SIGN_KEY),
                    "enc_key": SYMKey(key=COOKIE_ENC_KEY),
                },
            },
            "endpoint": {
                "authorization": {"path": "authorization", "class": Authorization, "kwargs": {}},
                "token": {"path": "token", "class": Token, "kwargs": self.token_kwargs},
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
                "kwargs": {"db": {"diana": {"name": "Diana Krall", "email": "diana@example.org"}}},
            },
            "client_authn": verify_client,
            "template_dir": "template",
            "authz": {"class": AuthzHandling, "kwargs": {"grant_config": self.grant_config}},
            "session_params": {
                "encrypter": {"kwargs": {"key": SESSION_KEY, "salt": SESSION_SALT}}
            },
        }
        if profile == "oauth2":
            conf["claims_interface"] = {
                "class": "idpyoidc.server.session.claims.OAuth2ClaimsInterface",
                "kwargs": {},
            }
        self.server = Server(conf_cls(conf=conf, base_path=HERE), cwd=HERE)
        self.ctx = self.server.context
        self.mngr = self.ctx.session_manager
        for cid, secret in CLIENT_SECRETS.items():
            self.ctx.cdb[cid] = {
                "client_id": cid,
                "client_secret": secret,
                "redirect_uris": [(REDIRECT_URI, None)],
                "client_salt": "salted",
                "token_endpoint_auth_method": "client_secret_post",
                "response_types": ["code"],
                "allowed_scopes": ["openid", "profile", "email", "offline_access"],
            }
        if client_extra:
            self.ctx.cdb["client_1"].update(copy.deepcopy(client_extra))
        self.client_extra = client_extra
        self.authz_ep = self.server.get_endpoint("authorization")
        self.token_ep = self.server.get_endpoint("token")
        self.path = None
        self.sid = None

    def close(self):
        self.det.__exit__(None, None, None)

    # ------------------------------------------------------------------ time
    @property
    def now(self):
        return self.det.now

    @now.setter
    def now(self, value):
        self.det.now = int(value)

    # ------------------------------------------------------------------ flows
    def authorize(self, scope="openid offline_access", client_id="client_1", extra=None):
        """Create the session + grant and mint a code, as the authorization endpoint does
        after a successful user authentication (Authorization.create_session +
        post_authentication), at time T0."""
        if self.profile == "oidc":
            from idpyoidc.message.oidc import AuthorizationRequest
        else:
            from idpyoidc.message.oauth2 import AuthorizationRequest
        req = {
            "client_id": client_id,
            "redirect_uri": REDIRECT_URI,
            "scope": scope,
            "state": "STATE",
            "response_type": "code",
        }
        if self.profile == "oidc":
            req["nonce"] = "N0NCE"
        if extra:
            req.update(extra)
        areq = AuthorizationRequest(**req)
        ae = create_authn_event("diana", authn_info=INTERNETPROTOCOLPASSWORD, authn_time=self.now)
        sid = self.mngr.create_session(
            authn_event=ae,
            auth_req=areq,
            user_id="diana",
            client_id=client_id,
            token_usage_rules=self.ctx.authz.usage_rules(client_id),
        )
        resp = self.authz_ep.post_authentication(areq, sid)
        code = resp["response_args"]["code"]
        self.sid = sid
        self.path = self.mngr.decrypt_session_id(sid)
        return code

    @property
    def grant(self):
        return self.mngr.get(self.path)

    @property
    def grant_key(self):
        return ";;".join(self.path)

    def token(self, token_class, index=0):
        return [t for t in self.grant.issued_token if t.token_class == token_class][index]

    def dump_grant(self):
        d = self.mngr.dump()
        cls, obj = d["db"][self.grant_key]
        assert cls == "idpyoidc.server.session.grant.Grant", cls
        return json.loads(json.dumps(obj))

    def reload_grant(self):
        """Replace the in-memory grant by one loaded from its own dump, so that the stored JSON is
        exactly the state the call under test starts from (no shared Python objects)."""
        obj = self.dump_grant()
        g = Grant().load(copy.deepcopy(obj))
        g.id = self.path[-1]
        self.mngr.set(self.path, g)
        return obj

    def state(self):
        g = self.grant
        return {
            "grant_revoked": g.revoked,
            "grant_used": g.used,
            "tokens": {t.value: {"revoked": t.revoked, "used": t.used} for t in g.issued_token},
        }

    def token_request(self, request, client_id="client_1", secret=None, **call_kwargs):
        """Run parse_request + process_request of the token endpoint. Returns an outcome dict."""
        body = dict(request)
        body["client_secret"] = secret or CLIENT_SECRETS[client_id]
        if self.profile == "oidc":
            body = urlencode(body)
        else:
            body = json.dumps(body)
        before = {id(t) for t in self.grant.issued_token}
        try:
            parsed = self.token_ep.parse_request(body)
        except Exception as err:  # noqa: BLE001
            return self._outcome("parse", crash=err, before=before)
        if isinstance(parsed, Message) and "error" in parsed:
            return self._outcome("parse", error=parsed, before=before)
        try:
            resp = self.token_ep.process_request(parsed, **call_kwargs)
        except Exception as err:  # noqa: BLE001
            return self._outcome("process", crash=err, before=before)
        if isinstance(resp, Message) and "error" in resp:
            return self._outcome("process", error=resp, before=before)
        return self._outcome("process", response=resp["response_args"], before=before)

    def _new_tokens(self, before):
        return [t for t in self.grant.issued_token if id(t) not in before]

    def _outcome(self, phase, before, error=None, crash=None, response=None):
        new = self._new_tokens(before)
        out = {"phase": phase, "new_tokens": new}
        if crash is not None:
            out["crash"] = f"{exc_name(crash)}: {crash}"
        elif error is not None:
            out["error"] = error["error"]
            out["error_description"] = error.get("error_description")
        else:
            out["response"] = dict(response)
        return out
