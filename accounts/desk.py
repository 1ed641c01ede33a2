"""Accounts made at the service desk (walk-in orders and recommendations): the standards' "the officer
helps the visitor create an account"."""
from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Role, Segment, User


class DeskAccountError(ValueError):
    pass


@transaction.atomic
def find_or_create_visitor(*, email, full_name, phone, segment, institution="", npwp="", agency_unit=""):
    """The visitor's account for ``email``, made now if there is none. Returns (user, created).
    Details an existing account already has are kept; empty ones are filled. An NPWP is kept only for
    an account of the private segment (as the profile keeps it)."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if ((user and user.segment) or segment) != Segment.PRIVATE:
        npwp = ""
    details = {"full_name": full_name, "phone": phone, "segment": segment, "institution": institution,
               "npwp": npwp, "agency_unit": agency_unit}
    if user is None:
        user = User.objects.create_user(email=email, password=None, role=Role.VISITOR, **details)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        return user, True
    if user.role != Role.VISITOR:
        raise DeskAccountError(_("Alamat email ini milik akun petugas, bukan pengguna layanan."))
    changed = [field for field, value in details.items() if value and not getattr(user, field)]
    for field in changed:
        setattr(user, field, details[field])
    if changed:
        user.save(update_fields=changed)
    return user, False


def invite_to_set_password(http_request, user):
    """Email a new desk account the link to choose its password (allauth's reset email); choosing it
    also verifies the address (accounts.signals)."""
    reset = ResetPasswordForm({"email": user.email})
    if reset.is_valid():
        reset.save(http_request)
