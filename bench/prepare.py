"""Django side of the bench's preparation (run as ``python -m bench.prepare generate N SEED`` and
``python -m bench.prepare targets``, under bench.settings on the bench's database).

``generate``: bench.generate's data (another helper's generator, when present) plus the accounts the
bench signs in with. ``targets``: JSON of what the pages are measured on (the busiest office, one of
its requests, a visitor who owns requests, ...)."""
import json
import os
import sys
import time

import django

SOAK_VISITORS = 30


def bench_accounts():
    """Staff and the measured visitor sign in with the demo password; heads and the administrator with
    a one-time code from BENCH_TOTP_SECRET; SOAK_VISITORS visitors with full profiles for the soak."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import make_password

    from accounts.demo import VISITORS
    from accounts.models import User

    from .environment import BENCH_PASSWORD, BENCH_TOTP_SECRET

    for user in User.objects.filter(email__endswith="@pst.test"):
        if user.second_factor_required and not Authenticator.objects.filter(user=user, type="totp").exists():
            TOTP.activate(user, BENCH_TOTP_SECRET)
    profile = {k: v for k, v in VISITORS[0].items() if k != "email"}
    hashed = make_password(BENCH_PASSWORD)  # once: the hasher takes a second or so a call
    for number in range(SOAK_VISITORS):
        email = f"soak{number:02d}@contoh.id"
        fields = dict(profile, full_name=f"Pengguna Soak {number:02d}",
                      identity_number=f"63710445069{number:05d}", password=hashed)
        user, _ = User.objects.update_or_create(email=email, defaults=fields)
        EmailAddress.objects.update_or_create(user=user, email=email,
                                              defaults={"verified": True, "primary": True})


def generate(size, seed):
    started = time.perf_counter()
    try:
        from bench.generate import generate as generate_requests
    except ImportError:
        generated = "bench.generate is not in this tree: demo data only"
    else:
        generated = generate_requests(requests=size, seed=seed)
    bench_accounts()
    from requests_app.models import Request

    if hasattr(generated, "lines"):
        generated = "\n".join(generated.lines())
    return {"generated": str(generated)[:3000], "requests": Request.objects.count(),
            "seconds": round(time.perf_counter() - started, 1)}


def _visitor_with_requests(office):
    from django.db.models import Count

    from accounts.models import User

    from .environment import BENCH_PASSWORD

    visitor = (User.objects.filter(role="visitor", service_requests__office=office)
               .annotate(n=Count("service_requests")).order_by("-n", "pk").first())
    if visitor is None:
        return None
    visitor.set_password(BENCH_PASSWORD)
    visitor.save(update_fields=["password"])
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=visitor, email=visitor.email,
                                          defaults={"verified": True, "primary": True})
    return visitor


def targets():
    from django.db.models import Case, Count, When

    from accounts.models import User
    from requests_app.models import Request, Status
    from services.catalogue.models import Office, Standard

    staffed = User.objects.filter(email__startswith="petugas.", email__endswith="@pst.test")
    codes = [u.email.split(".")[1].split("@")[0] for u in staffed]
    # The same office at every size (so that a page's ratios compare): BENCH_OFFICE, by default 6302,
    # which serves products and recommendations (the head's approvals); else the busiest staffed one.
    chosen = os.environ.get("BENCH_OFFICE", "6302")
    office = (Office.objects.filter(code__in=codes).annotate(n=Count("requests"))
              .order_by(Case(When(code=chosen, then=0), default=1), "-n", "code").first())
    visitor = _visitor_with_requests(office)
    open_request = (Request.objects.filter(office=office).exclude(status=Status.DRAFT)
                    .annotate(n=Count("events")).order_by("-n", "pk").first())
    own = Request.objects.filter(visitor=visitor).exclude(status=Status.DRAFT).order_by("-pk").first() \
        if visitor else None
    # A standard the office has in force (its consultation's where it offers one): the standard page and
    # the filing form are measured on it.
    standard = (Standard.objects.in_force().filter(office=office).select_related("service_kind")
                .order_by(Case(When(service_kind__slug="konsultasi", then=0), default=1), "pk").first())
    product = office.products.order_by("pk").first()
    # The soak's visitors file consultations (the shortest form) where one is offered online.
    consulting = (Standard.objects.in_force().filter(service_kind__slug="konsultasi")
                  .select_related("office").order_by("office__code").first())
    from services.consultation.models import Article

    article = Article.objects.order_by("pk").first()
    return {
        "office": office.code, "office_requests": office.n,
        "service_slug": standard.service_kind.slug if standard else "konsultasi",
        "filing_office": consulting.office.code if consulting else office.code,
        "product_slug": product.slug if product else None,
        "article_slug": article.slug if article else None,
        "officer": f"petugas.{office.code}@pst.test", "head": f"kepala.{office.code}@pst.test",
        "admin": "admin@pst.test", "visitor": visitor.email if visitor else "ani@contoh.id",
        "staff_request": open_request.code if open_request else None,
        "visitor_request": own.code if own else None,
        "requests": Request.objects.count(),
    }


def soak_count():
    """What the soak's visitors have in the database: submitted codes and drafts left."""
    from requests_app.models import Request, Status

    theirs = Request.objects.filter(visitor__email__startswith="soak", visitor__email__endswith="@contoh.id")
    return {"submitted": sorted(theirs.exclude(status=Status.DRAFT).values_list("code", flat=True)),
            "drafts": theirs.filter(status=Status.DRAFT).count()}


def main(argv):
    django.setup()
    if argv[0] == "generate":
        print(json.dumps(generate(int(argv[1]), int(argv[2]))))
    elif argv[0] == "soak-count":
        print(json.dumps(soak_count()))
    elif argv[0] == "targets":
        print(json.dumps(targets()))
    else:
        raise SystemExit(f"unknown step {argv[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
