"""Signing in over HTTP as a person would: the sign-in form, then the one-time code (TOTP) for staff
who have one. Codes follow RFC 6238 as allauth.mfa checks them (30 s, 6 digits, SHA-1); the harness
test compares them with allauth's own functions."""
import base64
import hashlib
import hmac
import struct
import time

from .client import Client

LOGIN_PATH = "/akun/login/"
SECOND_FACTOR_PATH = "/akun/2fa/authenticate/"


def totp_code(secret, at=None, period=30, digits=6):
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** digits).zfill(digits)


class SignInFailed(RuntimeError):
    pass


def _form_with(response, field):
    for form in response.forms():
        if field in form.names():
            return form
    raise SignInFailed(f"no form with {field!r} on {response.url} ({response.status})")


def sign_in(port, email, password, totp_secret=None):
    """A Client signed in as ``email`` (raises SignInFailed if the portal did not let it in)."""
    client = Client(port=port)
    page = client.get(LOGIN_PATH)
    form = _form_with(page, "login")
    answer = client.submit(page, form, {"login": email, "password": password})
    if answer.status != 302:
        raise SignInFailed(f"{email}: sign-in answered {answer.status}")
    if SECOND_FACTOR_PATH in answer.location:
        if not totp_secret:
            raise SignInFailed(f"{email}: asked for a one-time code and none is known")
        page = client.get(SECOND_FACTOR_PATH)
        form = _form_with(page, "code")
        answer = client.submit(page, form, {"code": totp_code(totp_secret)})
        if answer.status != 302 or SECOND_FACTOR_PATH in answer.location:
            raise SignInFailed(f"{email}: one-time code refused ({answer.status})")
    if LOGIN_PATH in answer.location:
        raise SignInFailed(f"{email}: sent back to the sign-in page")
    return client
