"""Every core error kind maps to its own exception class (tested over the core's Error::ALL,
exported as oxidc._native.ERROR_KINDS)."""

import pytest

import oxidc
from oxidc import _errors, _native


def test_every_kind_maps_to_a_distinct_named_class():
    seen = set()
    for kind, band, message, oauth in _native.ERROR_KINDS:
        cls = oxidc.error_for(kind)
        assert cls not in seen, kind
        seen.add(cls)
        assert cls.kind == kind
        assert cls.band == band
        assert issubclass(cls, _errors.BANDS[band])
        assert issubclass(cls, oxidc.Error) and issubclass(cls, ValueError)
        assert cls.__doc__ == message
        if oauth is not None and _errors.NAMED_KINDS[kind][1] is None:
            assert cls.oauth_error == oauth, kind
        assert getattr(oxidc, cls.__name__) is cls
        assert cls.__name__ in oxidc.__all__
        # A kind the core grew but this package does not name yet fails here.
        assert kind in _errors.NAMED_KINDS, f"name the new core error {kind!r} in _errors.py"
    assert len(seen) == len(_native.ERROR_KINDS) == len(oxidc.ERROR_KINDS)


def test_no_stale_names():
    kinds = {k[0] for k in _native.ERROR_KINDS}
    assert set(_errors.NAMED_KINDS) <= kinds


@pytest.mark.parametrize("kind", [k[0] for k in _native.ERROR_KINDS])
def test_instances_carry_kind_band_and_oauth_code(kind):
    cls = oxidc.error_for(kind)
    e = cls()
    assert e.kind == kind
    assert e.message == cls.__doc__
    assert e.oauth_error is None or e.oauth_error.islower()
    assert kind in repr(e)


def test_jwt_failures_answer_invalid_token():
    assert oxidc.Expired.oauth_error == "invalid_token"
    assert oxidc.BadSignature.oauth_error == "invalid_token"
    assert oxidc.MalformedToken.oauth_error == "invalid_token"


def test_native_raises_the_python_classes():
    key = oxidc.SigningKey.hmac(b"0123456789abcdef0123456789abcdef")
    token = oxidc.mint({"exp": 1}, key)
    keys = oxidc.KeySet([oxidc.Jwk.hmac(b"0123456789abcdef0123456789abcdef")])
    with pytest.raises(oxidc.Expired):
        oxidc.verify(token, keys, now=100)
    with pytest.raises(oxidc.ClaimsError):
        oxidc.verify(token, keys, now=100)
    with pytest.raises(oxidc.MalformedToken):
        oxidc.verify("abc", keys)
    with pytest.raises(oxidc.KeyTooShort):
        oxidc.SigningKey.hmac(b"short")
    with pytest.raises(oxidc.UnsupportedAlgorithm):
        oxidc.SigningKey.generate("ES512")
    with pytest.raises(oxidc.AlgorithmNone):
        oxidc.SigningKey.generate("none")
