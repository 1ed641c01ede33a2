import factory
from allauth.account.models import EmailAddress

from accounts.models import Role, Segment, User


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
