from django import template
from django.conf import settings
from django.utils.formats import number_format

register = template.Library()


@register.filter
def form_field(form, name):
    """Return the bound field `name` of `form`, or None if it has none."""
    if form is None or name not in form.fields:
        return None
    return form[name]


@register.filter
def money(amount):
    """Format a Decimal amount with the configured currency: `SGD 1,234.50`."""
    if amount is None:
        return ""
    return f"{settings.WESS_CURRENCY} {number_format(amount, 2, force_grouping=True)}"


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """Return the current query string with `changes` applied."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode() if query else "?"
