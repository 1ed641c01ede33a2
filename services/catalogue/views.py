from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from pst_portal.page_cache import cached_public_page
from services.catalogue import selectors
from services.catalogue.models import Channel
from services.catalogue.pdf import render_pdf


@cached_public_page
def home(request):
    return render(
        request,
        "catalogue/home.html",
        {"groups": selectors.offices_by_province(), "service_kinds": selectors.service_kinds()},
    )


@cached_public_page
def catalogue(request):
    return render(
        request,
        "catalogue/catalogue.html",
        {"groups": selectors.offices_by_province(), "service_kinds": selectors.service_kinds()},
    )


@cached_public_page
def standard_detail(request, office_code, service_slug):
    standard = selectors.standard_in_force(office_code, service_slug)
    return render(
        request,
        "catalogue/standard_detail.html",
        {
            "standard": standard,
            "office": standard.office,
            "earlier_versions": selectors.earlier_versions(standard),
            "has_online_channel": any(s.channel == Channel.ONLINE for s in standard.sections.all()),
        },
    )


def standard_pdf(request, office_code, service_slug):
    standard = selectors.standard_in_force(office_code, service_slug)
    pdf = render_pdf("catalogue/standard_pdf.html", {"standard": standard, "office": standard.office})
    filename = slugify(f"standar-pelayanan-{standard.office.code}-{standard.service_kind.slug}") + ".pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


