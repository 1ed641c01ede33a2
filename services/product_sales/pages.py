"""What an order's request pages show: its lines and prices, its checklist and the buyer's links."""
from services.product_sales import delivery, orders, pricing


def order_context(user, service_request):
    """An order's lines and prices (fixed once confirmed, a quote before), its checklist, and the
    buyer's download links."""
    order = service_request.order
    lines = orders.order_lines(order)
    quote = None
    if not order.is_confirmed and lines:
        try:
            quote = orders.live_quote(lines)
        except pricing.PricingError:
            quote = None
    return {
        "order": order,
        "order_lines": lines,
        "order_quote": quote,
        "quote_lines": dict(zip((line.pk for line in lines), quote.lines, strict=True)) if quote else {},
        "checklist": orders.checklist(service_request, lines),
        "links": delivery.links_for(service_request, user),
    }
