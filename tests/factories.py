import factory
from allauth.account.models import EmailAddress

from accounts.models import Role, Segment, User

# The one-time-code secret of every factory account given a second factor (``totp=True``): tests
# compute its current code with ``tests.factories.totp_code()``.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret=TOTP_SECRET):
    """The code an authenticator app shows now for ``secret`` (allauth's own RFC 6238 functions)."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.id")
    full_name = factory.Faker("name", locale="id_ID")
    role = Role.VISITOR
    password = factory.django.Password("rahasia-uji-123")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        """``totp=True``: the account has set up its one-time code (heads by default, as they must)."""
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        wanted = extracted if extracted is not None else obj.second_factor_required
        if create and wanted and not Authenticator.objects.filter(user=obj, type="totp").exists():
            TOTP.activate(obj, TOTP_SECRET)


class VisitorFactory(UserFactory):
    segment = Segment.INDIVIDUAL


class OfficerFactory(UserFactory):
    role = Role.OFFICER


class HeadFactory(UserFactory):
    role = Role.HEAD


class ProfiledVisitorFactory(VisitorFactory):
    """A visitor whose profile is complete enough to file requests."""

    phone = "+6281234567890"
    identity_type = "ktp"
    identity_number = factory.Sequence(lambda n: f"6371044506{n:06d}")
    segment = Segment.ACADEMIC


class AgencyVisitorFactory(ProfiledVisitorFactory):
    """A government agency's representative: the only visitors who may file a recommendation."""

    segment = Segment.GOVERNMENT
    institution = "Pemerintah Kabupaten Kotabaru"
    agency_unit = "Dinas Kesehatan"


def pass_second_factor(client, response):
    """After the password: when the portal asks for the one-time code (an account with TOTP), type it."""
    from django.urls import NoReverseMatch, reverse

    try:
        asked = response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    except NoReverseMatch:  # the second factor is off (fido2 not installed)
        return response
    return client.post(reverse("mfa_authenticate"), {"code": totp_code()}) if asked else response
