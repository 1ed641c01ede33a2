from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from services.catalogue import selectors
from services.catalogue.models import Office
from services.product_sales import pricing
from services.product_sales.models import Product


def product_catalogue(request):
    """Products of every office, searchable by title, survey and variable, with their full price."""
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("jenis", "")
    office_code = request.GET.get("kantor", "")
    products = Product.objects.available().select_related("office")
    if query:
        products = products.filter(
            Q(title__icontains=query) | Q(survey__icontains=query) | Q(area__icontains=query)
            | Q(variables__label__icontains=query) | Q(variables__name__iexact=query)
        ).distinct()
    if kind in Product.Kind.values:
        products = products.filter(kind=kind)
    if office_code:
        products = products.filter(office__code=office_code)
    page = Paginator(products.order_by("office__code", "kind", "-year", "title"), 20).get_page(
        request.GET.get("halaman"))
    return render(request, "product_sales/products.html", {
        "page": page, "query": query, "kind": kind, "office_code": office_code,
        "kinds": Product.Kind.choices,
        "offices": Office.objects.filter(is_active=True, products__is_active=True)
        .distinct().order_by("code"),
    })


def product_detail(request, office_code, slug):
    product = pricing.products_with_variables().filter(office__code=office_code, slug=slug).first()
    if product is None:
        raise Http404("No such product.")
    try:
        full = pricing.quote_line(product)
    except pricing.PricingError:
        full = None
    return render(request, "product_sales/product.html", {
        "product": product, "office": product.office, "full": full,
        "variables": list(product.variables.all()),
        "sales": selectors.product_sales(product.office),
        "terms": pricing.price_terms(product) if full else None,
    })
